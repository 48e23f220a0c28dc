/**
 * The network checks of `jetsub doctor`, one socket operation each: name resolution, a
 * TCP connect, the MQTT handshake, a subscription, and a publish that comes back. Each
 * resolves with what it saw or rejects with the raw error; src/doctor puts them in words.
 */
import { createSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP, connect as connectTcp } from 'node:net';
import type { MqttClient } from 'mqtt';
import { type PublisherOptions, connectClient } from './publisher.js';
import { isSubscriptionRejected } from './reasons.js';

export async function resolveHost(host: string): Promise<string[]> {
  if (isIP(host) !== 0) return [host];
  const found = await lookup(host, { all: true });
  return found.map((entry) => entry.address);
}

export interface TcpProbe {
  ms: number;
  /** This host's address on that connection: what the router's allow-clients must list. */
  localAddress: string;
}

export function probeTcp(address: string, port: number, timeoutMs: number): Promise<TcpProbe> {
  const started = performance.now();
  return new Promise<TcpProbe>((resolve, reject) => {
    const socket = connectTcp({ host: address, port });
    const timedOut = () => Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' });
    socket.setTimeout(timeoutMs, () => socket.destroy(timedOut()));
    socket.once('connect', () => {
      const probe = { ms: performance.now() - started, localAddress: socket.localAddress ?? '' };
      socket.destroy();
      resolve(probe);
    });
    socket.once('error', reject);
  });
}

/** The address this host would use towards `address` (no packet is sent); undefined when unknown. */
export function sourceAddressFor(address: string, port: number): Promise<string | undefined> {
  return new Promise<string | undefined>((resolve) => {
    const socket = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.connect(port, address, () => {
      const local = socket.address().address;
      socket.close();
      resolve(local);
    });
  });
}

export interface MqttSession {
  /** Milliseconds from connect to CONNACK. */
  ms: number;
  /** Subscribes; resolves with the granted QoS, or null when the broker refused. */
  subscribe(filter: string): Promise<number | null>;
  /** Subscribes to `topic`, publishes one message to it, and waits for it to come back. Resolves with the milliseconds it took. */
  roundTrip(topic: string, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Rejects with a ConnectFailure (src/transport/publisher.ts) when the handshake fails. */
export async function probeMqtt(options: PublisherOptions): Promise<MqttSession> {
  await import('mqtt'); // loaded before the clock starts: the handshake is what is timed
  const started = performance.now();
  const { client } = await connectClient(options);
  const ms = performance.now() - started;
  const subscribe = async (filter: string) => {
    try {
      const [grant] = await client.subscribeAsync({ [filter]: { qos: options.qos } });
      return grant === undefined || isSubscriptionRejected(grant) ? null : grant.qos;
    } catch (error) {
      // mqtt.js turns a refusal in the SUBACK into an error carrying the SUBACK.
      const granted = (error as { packet?: { granted?: unknown } }).packet?.granted;
      if (Array.isArray(granted) && granted.some((code) => typeof code === 'number' && isSubscriptionRejected({ qos: code }))) return null;
      throw error;
    }
  };
  return {
    ms,
    subscribe,
    async roundTrip(topic, timeoutMs) {
      if ((await subscribe(topic)) === null) throw new Error(`the broker refused the subscription to ${topic}`);
      const begun = performance.now();
      const back = waitForMessage(client, topic, timeoutMs);
      await client.publishAsync(topic, 'jetsub doctor', { qos: options.qos });
      await back;
      return performance.now() - begun;
    },
    close: () => client.endAsync(),
  };
}

function waitForMessage(client: MqttClient, topic: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`nothing came back within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    function onMessage(received: string): void {
      if (received !== topic) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve();
    }
    client.on('message', onMessage);
  });
}

/**
 * Real MQTT brokers for tests, on loopback and free ports: aedes in-process, and a real
 * mosquitto process that a test can stop and start again on the same port.
 */
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Aedes } from 'aedes';
import { after, before } from 'node:test';
import { connectAsync, type MqttClient } from 'mqtt';
import { spawnTracked } from './processes.js';

/** Debian installs mosquitto in /usr/sbin, which is not on every user's PATH. */
const MOSQUITTO = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin']
  .map((dir) => join(dir, 'mosquitto')).find((path) => existsSync(path)) ?? 'mosquitto';

export interface TestBroker {
  port: number;
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startAedes(): Promise<TestBroker & { aedes: Aedes }> {
  const aedes = await Aedes.createBroker();
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    aedes,
    port,
    url: `mqtt://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Mosquitto extends TestBroker {
  /** Start again (after stop) on the same port, with the same configuration. */
  start(): Promise<void>;
  /** Stop with SIGTERM (mosquitto saves its persistence file) or SIGKILL (a crash). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  readonly dir: string;
  /** The running mosquitto's process id (to SIGSTOP it), undefined when stopped. */
  readonly pid: number | undefined;
  log(): string;
}

/** A real mosquitto; `extraConfig` lines go after the listener (e.g. persistence, TLS). */
export async function startMosquitto(options: { extraConfig?: string; listener?: string; port?: number } = {}): Promise<Mosquitto> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'jetsub-mosquitto-'));
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, [
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    'per_listener_settings false',
    options.listener ?? `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    options.extraConfig ?? '',
    '',
  ].join('\n'));
  let child: ChildProcess | null = null;
  let logText = '';
  const broker: Mosquitto = {
    port,
    dir,
    url: `mqtt://127.0.0.1:${port}`,
    log: () => logText,
    get pid() {
      return child?.exitCode === null ? child.pid : undefined;
    },
    async start() {
      const proc = spawnTracked(MOSQUITTO, ['-c', config], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], scope: 'file' });
      child = proc;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`mosquitto did not start on ${port}:\n${logText}`)), 10_000);
        proc.stderr!.setEncoding('utf8');
        proc.stderr!.on('data', (chunk: string) => {
          logText += chunk;
          if (/mosquitto version \S+ running/.test(logText.slice(-2000))) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`mosquitto exited with ${code}:\n${logText}`));
        });
        proc.once('error', (error: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          reject(error.code === 'ENOENT'
            ? new Error('mosquitto is not installed: the end-to-end tests run a real one; install what the tests need with `npm run test:setup` (README "Tests")')
            : error);
        });
      });
      proc.removeAllListeners('exit');
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      const proc = child;
      child = null;
      if (!proc || proc.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill(signal);
      });
    },
  };
  await broker.start();
  return broker;
}

/** A publishing client for tests (MQTT 3.1.1 unless told otherwise). */
export async function connectPublisher(url: string, protocolVersion: 4 | 5 = 4): Promise<MqttClient> {
  return connectAsync(url, { protocolVersion, reconnectPeriod: 0, clientId: `test-pub-${Math.random().toString(36).slice(2, 10)}` });
}

export async function publishAll(
  client: MqttClient, messages: readonly { topic: string; payload: string | Buffer }[], qos: 0 | 1 = 0,
): Promise<void> {
  for (const { topic, payload } of messages) await client.publishAsync(topic, payload, { qos });
}

/** `mosquitto_pub -l`: one message per line of `file` (QoS 0 unless told), as fast as it goes; resolves with its exit code. */
export function publishLines(port: number, topic: string, file: string, qos: 0 | 1 = 0): Promise<number | null> {
  const fd = openSync(file, 'r');
  const args = ['-h', '127.0.0.1', '-p', String(port), '-t', topic, '-q', String(qos), '-l'];
  const child = spawnTracked('mosquitto_pub', args, { stdio: [fd, 'ignore', 'inherit'] });
  closeSync(fd);
  return new Promise((resolve) => child.on('close', resolve));
}

export interface Lab<B extends TestBroker> {
  broker: B;
  /** Replaceable: a test that restarts the broker connects a new one. */
  publisher: MqttClient;
}

/** A broker and a publisher for one describe block: started before its tests, stopped after. */
export function useBrokerWithPublisher<B extends TestBroker>(start: () => Promise<B>): Lab<B> {
  const lab = {} as Lab<B>;
  before(async () => {
    lab.broker = await start();
    lab.publisher = await connectPublisher(lab.broker.url);
  });
  after(async () => {
    await lab.publisher.endAsync();
    await lab.broker.stop();
  });
  return lab;
}

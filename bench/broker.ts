/**
 * The brokers the bench starts (real mosquitto on loopback, free ports) and the publisher.
 * Default settings drop QoS 0 messages for a subscriber more than 1000 behind (the burst);
 * `max_queued_messages 0` queues without limit, so every subscriber gets every event (the
 * drain). The broker logs each subscription, which is how the bench knows a subscriber of
 * any kind is ready.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { type Mosquitto, startMosquitto } from '../test/helpers/brokers.js';
import { BENCH_TOPIC } from './events.js';

export type BrokerKind = 'default' | 'unlimited';

export async function startBenchBroker(kind: BrokerKind): Promise<Mosquitto> {
  const queues = kind === 'unlimited' ? ['max_queued_messages 0', 'max_queued_bytes 0'] : [];
  return startMosquitto({ extraConfig: ['log_type subscribe', ...queues].join('\n') });
}

/** Resolves when the broker has logged a subscription by `clientId`. */
export function waitSubscribed(broker: Mosquitto, clientId: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  const needle = `: ${clientId} `;
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (broker.log().includes(needle)) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`${clientId} did not subscribe within ${timeoutMs} ms`));
      }
    }, 2);
  });
}

/** `mosquitto_pub -l`: one QoS 0 message per line of `file`, as fast as it goes. */
export function publishLines(broker: Mosquitto, file: string): Promise<void> {
  const fd = openSync(file, 'r');
  const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', BENCH_TOPIC, '-l'], { stdio: [fd, 'ignore', 'pipe'] });
  closeSync(fd);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}: ${stderr}`)))));
}

export function publishRetained(broker: Mosquitto, payload: string | null): Promise<void> {
  const message = payload === null ? ['-n'] : ['-m', payload];
  const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', BENCH_TOPIC, '-r', ...message], { stdio: 'ignore' });
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub -r exited ${code}`)))));
}

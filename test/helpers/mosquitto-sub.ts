/**
 * A real `mosquitto_sub -v` as the reference subscriber, for byte-exact comparisons. It is
 * ready when it has printed a retained message published before it started (a readiness
 * signal, not a sleep); that line is dropped from what it returns.
 */
import { randomBytes } from 'node:crypto';
import { connectPublisher, type TestBroker } from './brokers.js';
import { spawnTracked } from './processes.js';

export interface MosquittoSub {
  /** Everything printed after the readiness line, once `count` messages came. */
  output: Promise<Buffer>;
}

/** mosquitto_sub is killed when `count` messages have not come within `timeoutMs`. */
export async function startMosquittoSub(broker: TestBroker, count: number, timeoutMs = 20_000): Promise<MosquittoSub> {
  const ready = `jetsub-test/ready/${randomBytes(4).toString('hex')}`;
  const publisher = await connectPublisher(broker.url);
  await publisher.publishAsync(ready, 'ready', { retain: true, qos: 1 });
  await publisher.endAsync();
  const child = spawnTracked('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker.port), '-v', '-t', ready, '-t', '/junos/events/#', '-C', String(count + 1)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const readyLine = Buffer.from(`${ready} ready\n`);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`mosquitto_sub did not get ready: ${stderr}`));
    }, 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (Buffer.concat(chunks).subarray(0, readyLine.length).equals(readyLine)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`mosquitto_sub exited with ${code}: ${stderr}`)));
  });
  const output = new Promise<Buffer>((resolve, reject) => {
    child.removeAllListeners('exit');
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const seen = Buffer.concat(chunks).subarray(readyLine.length);
      if (code === 0) resolve(seen);
      else reject(new Error(`mosquitto_sub ended (${code ?? 'killed'}) before ${count} messages; it saw:\n${seen.toString('utf8')}${stderr}`));
    });
  });
  return { output };
}

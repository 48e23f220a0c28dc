/**
 * The embedded broker of `jetsub demo`: aedes on a loopback port, so the demo needs no
 * broker installed. It tells when a given client has subscribed, so the simulator starts
 * only once the tail is listening.
 */
import { type AddressInfo, type Server, createServer } from 'node:net';
import { usageError } from '../errors.js';

export interface EmbeddedBroker {
  host: string;
  port: number;
  /** Resolves when the client with this id has subscribed to anything. */
  subscribed(clientId: string): Promise<void>;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

/** `port` 0 takes any free port. A port in use is a usage error (--listen). */
export async function startEmbeddedBroker(port: number): Promise<EmbeddedBroker> {
  // aedes is loaded lazily: only the demo needs it, and it is the heaviest dependency.
  const { Aedes } = await import('aedes');
  const aedes = await Aedes.createBroker();
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      aedes.close();
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES'
        ? usageError(`--listen ${port}`, error.code === 'EADDRINUSE' ? 'the port is in use' : 'the port needs privileges',
            'give another port, or leave --listen out for any free one')
        : error);
    });
    server.listen(port, LOOPBACK, () => resolve());
  });
  const subscribers = new Set<string>();
  const waiters = new Map<string, () => void>();
  aedes.on('subscribe', (_subscriptions, client) => {
    subscribers.add(client.id);
    waiters.get(client.id)?.();
  });
  return {
    host: LOOPBACK,
    port: (server.address() as AddressInfo).port,
    subscribed: (clientId) => (subscribers.has(clientId)
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.set(clientId, resolve))),
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

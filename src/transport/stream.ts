/**
 * The socket under an MQTT.js client: TCP, or TLS for mqtts:// (./tls-stream.ts), made as
 * MQTT.js's own stream builders make them (mqtt/build/lib/connect/tcp.js and tls.js). jetsub
 * constructs the client with this instead of calling MQTT.js's connect(), which loads every
 * transport at its first call (WebSocket, SOCKS, TLS): ~6 ms of start-up before the first
 * packet, for transports a plain mqtt:// subscriber never uses (BENCHMARKS.md).
 */
import { connect as connectTcp } from 'node:net';
import type { IClientOptions, StreamBuilder } from 'mqtt';

const MQTT_PORT = 1883;

/** A builder for `options` (protocol mqtt or mqtts); node:tls is loaded for mqtts:// only. */
export async function createStreamBuilder(options: IClientOptions): Promise<StreamBuilder> {
  if (options.protocol === 'mqtts') return (await import('./tls-stream.js')).createTlsStreamBuilder(options);
  const host = options.host ?? 'localhost';
  const port = options.port ?? MQTT_PORT;
  return () => connectTcp({ host, port });
}

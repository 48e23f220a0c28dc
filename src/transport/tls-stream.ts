/**
 * The TLS socket under an MQTT.js client for mqtts://, as MQTT.js's own builder makes it
 * (mqtt/build/lib/connect/tls.js): the server name from the host unless it is an address,
 * certificates checked unless --insecure, and a handshake error passed to the client only
 * when they are. A module of its own so that node:tls loads only for mqtts:// (./stream.ts).
 */
import { isIP } from 'node:net';
import { type ConnectionOptions, connect } from 'node:tls';
import type { IClientOptions, StreamBuilder } from 'mqtt';

const MQTTS_PORT = 8883;

export function createTlsStreamBuilder(options: IClientOptions): StreamBuilder {
  const host = options.host ?? 'localhost';
  const tlsOptions: ConnectionOptions = {
    host,
    port: options.port ?? MQTTS_PORT,
    ca: options.ca,
    cert: options.cert,
    key: options.key,
    servername: options.servername ?? (isIP(host) === 0 ? host : undefined),
    rejectUnauthorized: options.rejectUnauthorized !== false,
  };
  return (client) => {
    const socket = connect(tlsOptions);
    const onHandshakeError = (error: Error) => {
      if (tlsOptions.rejectUnauthorized) client.emit('error', error);
      socket.end();
    };
    socket.on('secureConnect', () => {
      if (tlsOptions.rejectUnauthorized && !socket.authorized) socket.emit('error', new Error('TLS not authorized'));
      else socket.removeListener('error', onHandshakeError);
    });
    socket.on('error', onHandshakeError);
    return socket;
  };
}

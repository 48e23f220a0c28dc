/**
 * The HTTP endpoint Prometheus scrapes: GET (or HEAD) /metrics answers the exposition,
 * anything else 404 (another method on /metrics: 405). Listening is awaited before the
 * broker is subscribed to, so an address that cannot be had (in use, not this machine's, a
 * privileged port) is an error of the --metrics flag — exit 2 — before any event is lost.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type JetsubError, usageError } from '../errors.js';
import { EXPOSITION_CONTENT_TYPE } from './exposition.js';

export interface MetricsAddress {
  /** '' listens on every address of the machine. */
  host: string;
  port: number;
  /** As the user wrote it (for messages). */
  text: string;
}

export interface MetricsServer {
  /** `http://127.0.0.1:9464/metrics`, with the port the system gave for port 0. */
  url: string;
  close(): Promise<void>;
}

const METRICS_PATH = '/metrics';

export async function startMetricsServer(address: MetricsAddress, render: () => string): Promise<MetricsServer> {
  const server = createServer((request, response) => answer(request, response, render));
  // A scrape is one small request: a client that stalls is cut off instead of holding a socket.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  // A few scrapers at most (Prometheus keeps one connection per target): more is refused, not queued.
  server.maxConnections = 64;
  await listen(server, address);
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${host}:${bound.port}${METRICS_PATH}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      // Prometheus keeps its connection alive between scrapes: close it rather than wait for it.
      server.closeAllConnections();
    }),
  };
}

function answer(request: IncomingMessage, response: ServerResponse, render: () => string): void {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== METRICS_PATH) return reply(response, 404, `not found: the metrics are at ${METRICS_PATH}\n`);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return reply(response, 405, 'method not allowed: GET /metrics\n');
  }
  const body = render();
  response.writeHead(200, { 'Content-Type': EXPOSITION_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function reply(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function listen(server: Server, address: MetricsAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(describeListenError(address, error));
    server.once('error', onError);
    const done = () => {
      server.off('error', onError);
      resolve();
    };
    if (address.host === '') server.listen(address.port, done);
    else server.listen(address.port, address.host, done);
  });
}

/** What went wrong with the address, and the fix: an error of the --metrics flag. */
function describeListenError(address: MetricsAddress, error: NodeJS.ErrnoException): JetsubError {
  const flag = `--metrics '${address.text}'`;
  switch (error.code) {
    case 'EADDRINUSE':
      return usageError(flag, `port ${address.port} is in use (EADDRINUSE)`, 'stop what listens there or pick another port');
    case 'EACCES':
      return usageError(flag, `not allowed to listen on port ${address.port} (EACCES)`, 'use a port above 1023, e.g. 9464');
    case 'EADDRNOTAVAIL':
      return usageError(flag, `${address.host} is not an address of this machine (EADDRNOTAVAIL)`, 'e.g. --metrics 127.0.0.1:9464');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return usageError(flag, `the host ${address.host} cannot be resolved (${error.code})`, 'give an address, e.g. 127.0.0.1:9464');
    default:
      return usageError(flag, `cannot listen (${error.code ?? error.message})`, 'e.g. --metrics 127.0.0.1:9464');
  }
}

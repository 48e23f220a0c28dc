/**
 * `--host` values → broker targets. Accepts `host`, `host:port`, `[v6]:port`, a bare IPv6
 * address, `mqtt://host:port`, `mqtts://host:port`, and `name=` before any of them to name
 * the device (`mx1=192.0.2.1`). Pure.
 */
import { isIPv6 as matchesIPv6 } from 'node:net';
import { usageError } from '../errors.js';

export interface Target {
  /** The device name records carry: `name=` when given, else the host (with the port when not the default). */
  device: string;
  protocol: 'mqtt' | 'mqtts';
  host: string;
  port: number;
}

const DEFAULT_PORTS = { mqtt: 1883, mqtts: 8883 } as const;

export function parsePort(flag: string, text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65535) {
    throw usageError(`${flag} '${text}'`, 'not a TCP port', 'give a number from 1 to 65535 (the router listens on 1883)');
  }
  return port;
}

export function parseTarget(text: string, defaultPort?: number): Target {
  const eq = text.indexOf('=');
  const name = eq > 0 && !text.slice(0, eq).includes('/') ? text.slice(0, eq) : undefined;
  const rest = name === undefined ? text : text.slice(eq + 1);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  const protocol = (scheme?.[1]?.toLowerCase() ?? 'mqtt') as Target['protocol'];
  if (protocol !== 'mqtt' && protocol !== 'mqtts') {
    throw usageError(`--host '${text}'`, `'${scheme![1]}://' is not supported`, 'use host[:port], mqtt://host:port or mqtts://host:port');
  }
  const hostPort = (scheme ? rest.slice(scheme[0].length) : rest).replace(/\/$/, '');
  const at = hostPort.lastIndexOf('@');
  if (at >= 0) refuseCredentials(text, hostPort.slice(0, at));
  const { host, port } = splitHostPort(text, hostPort);
  if (!host || /[\s/@]/.test(host)) {
    throw usageError(`--host '${text}'`, 'no host name or address in it', 'e.g. --host 192.0.2.1, --host mx1=192.0.2.1:1883 or --host mqtts://broker.example.net');
  }
  const resolvedPort = port ?? defaultPort ?? DEFAULT_PORTS[protocol];
  const shownHost = isIPv6(host) ? `[${host}]` : host;
  const device = name ?? (resolvedPort === DEFAULT_PORTS[protocol] ? host : `${shownHost}:${resolvedPort}`);
  return { device, protocol, host, port: resolvedPort };
}

/**
 * `user:password@host` (mosquitto_sub -L's form) is refused: a password there is in the process
 * list and the shell history. The value is shown with the password as `***`, never as given.
 */
function refuseCredentials(text: string, userInfo: string): never {
  const colon = userInfo.indexOf(':');
  const user = colon < 0 ? userInfo : userInfo.slice(0, colon);
  const shown = colon < 0 ? text : text.replace(userInfo, `${user}:***`);
  throw usageError(`--host '${shown}'`, 'credentials do not go in the host',
    `give -u ${user || '<user>'} and the password with JETSUB_PASSWORD, --password-file or the prompt`);
}

function splitHostPort(original: string, text: string): { host: string; port: number | undefined } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    const host = text.slice(1, close);
    const after = text.slice(close + 1);
    if (close < 0 || !isIPv6(host) || (after !== '' && !after.startsWith(':'))) {
      throw usageError(`--host '${original}'`, 'a bracketed host must be an IPv6 address', 'e.g. --host [2001:db8::1]:1883');
    }
    return { host, port: after ? parsePort('--host', after.slice(1)) : undefined };
  }
  if (isIPv6(text)) return { host: text, port: undefined };
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { host: text, port: undefined };
  return { host: text.slice(0, colon), port: parsePort('--host', text.slice(colon + 1)) };
}

/**
 * node:net's test, asked only of text with two colons or more (every IPv6 address has them):
 * its first call compiles a large regular expression, ~3 ms of every start-up otherwise.
 */
function isIPv6(text: string): boolean {
  return text.indexOf(':') !== text.lastIndexOf(':') && matchesIPv6(text);
}

export function formatTarget(target: Target): string {
  const host = isIPv6(target.host) ? `[${target.host}]` : target.host;
  return `${target.protocol}://${host}:${target.port}`;
}

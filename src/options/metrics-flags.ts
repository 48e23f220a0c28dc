/**
 * --metrics <host:port> and --metrics-max-series <n> (tail, top, serve): declarations, and
 * the address checked before any socket opens (docs/metrics.md).
 */
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import type { MetricsAddress } from '../metrics/server.js';
import type { MetricsSettings } from '../pipeline/outputs/metrics.js';

/**
 * Ten thousand series: a fleet of 50 routers with 100 interfaces each (link state and flaps)
 * and their event ids, well under what one Prometheus takes from one target without notice.
 */
export const DEFAULT_MAX_SERIES = 10_000;
const MAX_SERIES_LIMIT = 10_000_000;
/** A host name or a dotted IPv4 address: labels of letters, digits and inner hyphens. */
const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const ADDRESS_FIX = 'give host:port, e.g. --metrics 127.0.0.1:9464, --metrics [::1]:9464 or --metrics :9464 (every address)';

export function addMetricsFlags(cmd: Command): Command {
  cmd.optionsGroup('Metrics (Prometheus, docs/metrics.md):');
  cmd.option('--metrics <host:port>',
    'serve Prometheus metrics on http://<host:port>/metrics (port 0: any free port; the address is written on stderr)');
  cmd.option('--metrics-max-series <n>',
    `at most n series with labels from the stream; past it an overflow series (default ${DEFAULT_MAX_SERIES})`);
  return cmd;
}

export function resolveMetrics(flags: Record<string, unknown>): MetricsSettings | undefined {
  const text = flags.metrics as string | undefined;
  const maxText = flags.metricsMaxSeries as string | undefined;
  if (text === undefined) {
    if (maxText !== undefined) throw usageError('--metrics-max-series', 'applies to --metrics only', 'add --metrics 127.0.0.1:9464');
    return undefined;
  }
  return { address: parseMetricsAddress(text), maxSeries: maxText === undefined ? DEFAULT_MAX_SERIES : parseMaxSeries(maxText) };
}

/** `127.0.0.1:9464`, `localhost:9464`, `[::1]:9464`, `:9464` (every address). */
export function parseMetricsAddress(text: string): MetricsAddress {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/.exec(text);
  const flag = `--metrics '${text}'`;
  if (match === null) throw usageError(flag, 'not host:port', ADDRESS_FIX);
  const port = Number(match[3]);
  if (port > 65535) throw usageError(flag, `port ${port} is above 65535`, ADDRESS_FIX);
  const host = match[1] ?? match[2] ?? '';
  if (match[1] === undefined && host !== '' && !HOST_NAME.test(host)) {
    throw usageError(flag, `'${host}' is not a host name or an IPv4 address`, ADDRESS_FIX);
  }
  return { host, port, text };
}

function parseMaxSeries(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > MAX_SERIES_LIMIT) {
    throw usageError(`--metrics-max-series '${text}'`, `not a whole number from 1 to ${MAX_SERIES_LIMIT}`, '--metrics-max-series 10000');
  }
  return value;
}

/**
 * The subscribers compared side by side, as command lines. Each gets a client id, so that
 * the broker's log says when it has subscribed, and a count where it can exit by itself.
 */
import { join } from 'node:path';
import { BENCH_TOPIC } from './events.js';

export interface Subscriber {
  /** Short key used in results: `jetsub-ndjson`, `mosquitto_sub`, ... */
  name: string;
  /** How it is shown in tables. */
  label: string;
  /** argv; `count` is undefined when the subscriber should run until it is stopped. */
  command(port: number, clientId: string, count: number | undefined): string[];
  /** Lines it prints before the first event (the table's borders and header). */
  headerLines: number;
  /** Whether it exits by itself after `count` events (otherwise the bench stops it). */
  exitsAtCount: boolean;
}

export const REFERENCE = 'mosquitto_sub-J';

export function createSubscribers(repoRoot: string, nodeBinary = process.execPath): Subscriber[] {
  const jetsub = (format: 'ndjson' | 'pretty' | 'table', headerLines = 0): Subscriber => ({
    name: `jetsub-${format}`,
    label: `jetsub -o ${format}`,
    // Validation is on (the default, --validate warn); pretty and table are coloured, as on a terminal.
    command: (port, clientId, count) => [
      nodeBinary, join(repoRoot, 'bin', 'jetsub.js'), 'tail', '-H', '127.0.0.1', '-p', String(port), '-i', clientId,
      '--ifd', 'ge-0/0/1', '-o', format, ...(format === 'ndjson' ? [] : ['--color', 'always']),
      ...(count === undefined ? [] : ['-C', String(count)]),
    ],
    headerLines,
    exitsAtCount: true,
  });
  const mosquittoSub = (name: string, label: string, extra: string[]): Subscriber => ({
    name,
    label,
    command: (port, clientId, count) => [
      'mosquitto_sub', '-h', '127.0.0.1', '-p', String(port), '-i', clientId, '-t', BENCH_TOPIC, ...extra,
      ...(count === undefined ? [] : ['-C', String(count)]),
    ],
    headerLines: 0,
    exitsAtCount: true,
  });
  return [
    jetsub('ndjson'),
    jetsub('pretty'),
    jetsub('table', 3),
    mosquittoSub('mosquitto_sub', 'mosquitto_sub', []),
    mosquittoSub(REFERENCE, 'mosquitto_sub -F %J', ['-F', '%J']),
    {
      name: 'mqtt-sub',
      label: 'mqtt sub (MQTT.js CLI)',
      command: (port, clientId) => [
        join(repoRoot, 'node_modules', '.bin', 'mqtt'), 'sub', '-h', '127.0.0.1', '-p', String(port), '-i', clientId, '-t', BENCH_TOPIC,
      ],
      headerLines: 0,
      exitsAtCount: false,
    },
  ];
}

/**
 * The storm: ifd-change events of ~200 bytes, one JSON document per line, as
 * `mosquitto_pub -l` publishes them (one message per line, all on one topic). Values vary
 * from line to line so that nothing downstream sees the same bytes twice.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const BENCH_TOPIC = '/junos/events/kernel/interfaces/ifd/change/ge-0/0/1';

export function createEvent(index: number): string {
  const port = index % 48;
  const second = String(index % 60).padStart(2, '0');
  return JSON.stringify({
    'jet-event': {
      'event-id': 'KERNEL_EVENT_IFD_CHANGE',
      hostname: 'mx1-re0',
      time: `2026-11-24-09:15:${second}`,
      severity: 'info',
      facility: 'KERNEL',
      attributes: { name: `ge-0/0/${port}`, 'snmp-id': 500 + port, flags: 32776 + (index % 7), 'generation-number': index },
    },
  });
}

/** Writes `count` events, one per line, to `file`. */
export async function writeEvents(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  const batch: string[] = [];
  for (let index = 0; index < count; index++) {
    batch.push(createEvent(index));
    if (batch.length === 10_000 || index === count - 1) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch.length = 0;
    }
  }
  out.end();
  await once(out, 'finish');
}

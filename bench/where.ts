/**
 * What --where costs: the built jetsub drains N ifd events from mosquitto (`-o ndjson`),
 * without --where and with two kinds of --where that keep every event (so both write the
 * same bytes), in alternating order, several rounds. Prints medians of throughput and CPU.
 *
 *   npm run bench:where -- [events] [rounds]   (or -- in-process)
 */
import { compileEventFilter } from '../src/pipeline/event-filter.js';
import { createRecordBuilder } from '../src/pipeline/record.js';
import { serializeRecord } from '../src/render/ndjson.js';
import { parseTopic } from '../src/topics/parse.js';
import { BENCH_TOPIC, createEvent } from './events.js';
import { median } from './report.js';
import { drainVariants, type Variant } from './variants.js';

const inProcessOnly = process.argv.includes('in-process') || process.argv.includes('--in-process');
const [eventsArg, roundsArg] = process.argv.slice(2).filter((arg) => !arg.endsWith('in-process'));
const events = Number(eventsArg ?? 100_000);
const rounds = Number(roundsArg ?? 7);

/** Every bench event is an ifd change of ge-0/0/1 with flags 32776..32782: each expression holds for all. */
const VARIANTS: Variant[] = [
  ['none', []],
  ['one-comparison', ['--where', 'event.attributes.flags >= 0x8008']],
  ['glob-in-and-or-two-flags', [
    '--where', 'topic_fields.interface ~ "ge-0/0/*" and (event.severity ~ "info" or kind in ["ifd", "ifl"])',
    '--where', 'event.attributes.snmp-id >= 500 and not event.attributes.name == "lo0"',
  ]],
];

/**
 * In-process and so steady on a loaded machine: µs per event to build the record (decode,
 * unwrap) and serialise its NDJSON line, and what each variant's filter adds to that.
 */
function measureInProcess(): string {
  const count = 100_000;
  const payloads = Array.from({ length: 1000 }, (_, i) => Buffer.from(createEvent(i)));
  const parsed = parseTopic(BENCH_TOPIC);
  const build = createRecordBuilder(null);
  const records: ReturnType<typeof build>[] = new Array(count);
  // What every event costs without --where: decode, unwrap, build the record, serialise its line.
  const base = () => {
    let bytes = 0;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const record = build({ device: 'mx1', topic: BENCH_TOPIC, parsed, payload: payloads[i % 1000]!, receivedAt: new Date() });
      bytes += serializeRecord(record).length;
      records[i] = record;
    }
    if (bytes === 0) throw new Error('nothing serialised');
    return ((performance.now() - started) * 1000) / count;
  };
  // What a variant's filter adds: the same records, through the compiled predicate alone.
  const filter = (keep: (r: ReturnType<typeof build>) => boolean) => {
    let kept = 0;
    const started = performance.now();
    for (let i = 0; i < count; i++) if (keep(records[i]!)) kept++;
    if (kept !== count) throw new Error(`the filter dropped ${count - kept} events`);
    return ((performance.now() - started) * 1000) / count;
  };
  const predicates = VARIANTS.slice(1).map(([, extra]) => compileEventFilter({ where: extra.filter((_, i) => i % 2 === 1) })!);
  const baseSamples: number[] = [];
  const filterSamples: number[][] = predicates.map(() => []);
  for (let repeat = 0; repeat < 16; repeat++) {
    baseSamples.push(base());
    predicates.forEach((keep, v) => filterSamples[v]!.push(filter(keep)));
  }
  // The first repeats warm the JIT up.
  const us = median(baseSamples.slice(4));
  const lines = ['| variant (in process, 12 × 100,000 after 4 warm-up) | µs per event | throughput vs none |', '|---|---|---|',
    `| none (decode + record + NDJSON line) | ${us.toFixed(2)} | 1.000x |`];
  predicates.forEach((_, v) => {
    const added = median(filterSamples[v]!.slice(4));
    lines.push(`| ${VARIANTS[v + 1]![0]} | ${us.toFixed(2)} + ${added.toFixed(3)} | ${(us / (us + added)).toFixed(3)}x |`);
  });
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { run, table } = await drainVariants(VARIANTS, events, rounds);
  process.stdout.write(run);
  process.stdout.write(`${VARIANTS.map(([name, extra]) => `- ${name}: ${extra.map((a) => (a.startsWith('--') ? a : `'${a}'`)).join(' ') || '(no --where)'}`).join('\n')}\n\n`);
  process.stdout.write(table);
  process.stdout.write(`\n${measureInProcess()}`);
}

if (inProcessOnly) process.stdout.write(measureInProcess());
else await main();

/**
 * What --metrics costs: the built jetsub drains N ifd events from mosquitto (`-o ndjson`),
 * without and with `--metrics 127.0.0.1:0` (every event counted: events, link state, flaps),
 * in alternating order, several rounds. Prints medians of throughput and CPU.
 *
 *   npm run bench:metrics -- [events] [rounds]
 */
import { drainVariants, type Variant } from './variants.js';

const [eventsArg, roundsArg] = process.argv.slice(2);
const events = Number(eventsArg ?? 100_000);
const rounds = Number(roundsArg ?? 5);

const VARIANTS: Variant[] = [['none', []], ['metrics', ['--metrics', '127.0.0.1:0']]];

const { run, table } = await drainVariants(VARIANTS, events, rounds);
process.stdout.write(`${run}${table}`);

/**
 * `jetsub demo`: an embedded broker, the simulator publishing into it, and `tail` reading
 * from it — the same runTail, with every tail flag. The tail decides when it ends (count,
 * timeout, Ctrl-C, a closed stdout); the simulator and the broker stop with it.
 */
import type { ExitCode } from '../errors.js';
import { uniqueClientId } from '../transport/settings.js';
import type { SimulateSettings } from './settings.js';
import type { Io } from '../io.js';
import type { TailOptions } from '../pipeline/tail.js';
import type { TopOptions } from '../top/run.js';
import type { Terminal } from '../top/screen.js';
import { createReporter, type Reporter } from '../sink/stderr.js';
import type { Target } from '../transport/target.js';
import { SCENARIOS } from './catalog.js';

export interface DemoOptions {
  tail: TailOptions;
  /** --view top: `jetsub top` reads the embedded broker instead of tail. */
  top?: TopOptions;
  /** The user's terminal, for top's live view. */
  terminal?: Terminal;
  simulation: SimulateSettings;
  /** Port for the embedded broker; 0: any free one. */
  listen: number;
  /** Whether --listen was given: then how to reach the broker is printed. */
  announce: boolean;
}

const DEMO_DEVICE = 'demo';

export async function runDemo(options: DemoOptions, io: Io): Promise<ExitCode> {
  const { runTail } = await import('../pipeline/tail.js');
  if (options.tail.dryRun) return runTail(options.tail, io);
  // Top's live screen owns the terminal: the simulator's status lines would tear it.
  const reporter = createReporter(io.stderr, { quiet: options.tail.quiet || options.top?.view === 'screen', showDevice: false });
  const { startEmbeddedBroker } = await import('../transport/broker.js');
  const broker = await startEmbeddedBroker(options.listen);
  const target: Target = { device: DEMO_DEVICE, protocol: 'mqtt', host: broker.host, port: broker.port };
  if (options.announce) {
    reporter.report(`demo broker on ${broker.host}:${broker.port}; from another terminal: jetsub tail -H ${broker.host} -p ${broker.port}`
      + `   or: mosquitto_sub -h ${broker.host} -p ${broker.port} -v -t '/junos/events/#'`);
  }
  const stopSimulation = new AbortController();
  const tail = options.top === undefined
    ? runTail({ ...options.tail, targets: [target] }, io)
    : import('../top/run.js').then(({ runTop }) => runTop({ ...options.top!, targets: [target] }, io, options.terminal));
  const simulation = Promise.race([broker.subscribed((options.top ?? options.tail).connection.clientId), tail])
    .then(() => (stopSimulation.signal.aborted ? null : simulate(options.simulation, target, reporter, stopSimulation.signal)));
  try {
    return await tail;
  } finally {
    stopSimulation.abort();
    const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
    await simulation.catch((error: unknown) => reporter.report(`demo: the simulator stopped: ${describe(error)}`));
    await broker.close();
  }
}

async function simulate(settings: SimulateSettings, target: Target, reporter: Reporter, signal: AbortSignal): Promise<void> {
  const { runSimulation } = await import('./run.js');
  // The simulator's status and summary are demo status: --quiet silences them.
  const quietable: Reporter = { status: reporter.status, report: reporter.status };
  await runSimulation({
    ...settings,
    count: SCENARIOS[settings.scenario].defaultCount ?? undefined,
    targets: [target],
    connection: { clientId: `${uniqueClientId()}-sim`, protocolVersion: 4, keepalive: 60, qos: 0, clean: true, connectTimeoutMs: 10_000 },
  }, quietable, signal);
}

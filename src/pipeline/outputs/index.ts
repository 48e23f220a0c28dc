/**
 * The outputs of `tail`: the single source of truth for which exist. Each factory returns
 * null when its flags are not given; every record the processors pass on goes to each
 * output that is on. To add one: a module here exporting `create…Output(settings, deps)`,
 * its settings in OutputsSettings, and one entry below (docs/pipeline.md).
 */
import type { Io } from '../../io.js';
import type { Reporter } from '../../sink/stderr.js';
import type { Flow, Output, RunControl } from '../types.js';
import { createExecOutput, type ExecSettings } from './exec.js';
import { createJournalOutput, type JournalSettings } from './journal.js';
import { createMetricsOutput, type MetricsOutputSettings } from './metrics.js';
import { createStdoutOutput, type StdoutSettings } from './stdout.js';

export type OutputsSettings = StdoutSettings & MetricsOutputSettings & {
  /** false: nothing rendered to stdout (`jetsub serve`, an exporter only). */
  stdout?: boolean;
  /** --journal: records into a rotating directory of NDJSON files. */
  journal?: JournalSettings;
  /** --exec: a command per record (docs/exec.md). */
  exec?: ExecSettings;
};

export interface OutputDeps {
  io: Io;
  /** Backpressure: pause and resume the source. */
  flow: Flow;
  control: RunControl;
  reporter: Reporter & { settle?(): void };
}

type OutputFactory = (settings: OutputsSettings, deps: OutputDeps) => Output | null;

const OUTPUTS: readonly (readonly [name: string, create: OutputFactory])[] = [
  ['stdout', (settings, deps) => (settings.stdout === false ? null : createStdoutOutput(settings, { ...deps, stdout: deps.io.stdout }))],
  ['journal', (settings, deps) => createJournalOutput(settings.journal, deps)],
  ['exec', (settings, deps) => createExecOutput(settings.exec, deps)],
  ['metrics', (settings, deps) => createMetricsOutput(settings, deps)],
];

export function createOutputs(settings: OutputsSettings, deps: OutputDeps): Output[] {
  return OUTPUTS.map(([, create]) => create(settings, deps)).filter((o): o is Output => o !== null);
}

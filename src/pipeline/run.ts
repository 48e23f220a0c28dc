/**
 * openPipeline: a source, processors and outputs joined into one running stream.
 *
 * - Records pass through the processors in order, then to every output.
 * - Acknowledgement (QoS 1/2): with `acknowledge`, each record's promise resolves once the
 *   outputs have written it out (Output.flush); a record that arrives after the run finished
 *   is never acknowledged, so a persistent session gets it again next time.
 * - Backpressure: outputs pause and resume the source through `flow` (createFlow), which
 *   remembers a pause asked for before the source was open.
 */
import type { ConnectionError } from '../errors.js';
import { NO_BACKLOG } from './read-ahead.js';
import type { Emit, Flow, Notice, OpenSource, Output, PipelineRecord, Processor, RunControl, Source } from './types.js';

export interface PipelineSpec {
  source: OpenSource;
  processors: readonly Processor[];
  outputs: readonly Output[];
  onNotice(notice: Notice): void;
  /** The source can no longer do its job; default: the run finishes with the error's exit code and message. */
  onFatal?(error: ConnectionError): void;
  control: RunControl;
  /** Hold each record's acknowledgement until the outputs have written it out. */
  acknowledge: boolean;
  /** Given to the outputs beforehand; attached to the source here. */
  flow?: AttachableFlow;
}

export interface Pipeline {
  source: Source;
  /** The stream ended: processors pass on what they hold, outputs end and flush. */
  drain(): Promise<void>;
}

export interface AttachableFlow extends Flow {
  attach(source: Source): void;
}

const NEVER = new Promise<void>(() => undefined);

export function createFlow(): AttachableFlow {
  let source: Source | undefined;
  let paused = false;
  return {
    pause() {
      paused = true;
      source?.pause();
    },
    resume() {
      paused = false;
      source?.resume();
    },
    takeBacklogPeak: () => source?.takeBacklogPeak?.() ?? NO_BACKLOG,
    attach(opened) {
      source = opened;
      if (paused) opened.pause();
    },
  };
}

/** The processors in front of the outputs: one function that takes a record at the head. */
export function chainProcessors(processors: readonly Processor[], last: Emit): { push: Emit; flush(): void } {
  const heads: Emit[] = [];
  let next = last;
  for (let i = processors.length - 1; i >= 0; i--) {
    const processor = processors[i]!;
    const after = next;
    next = (record) => processor.push(record, after);
    heads.unshift(next);
  }
  return {
    push: next,
    flush() {
      processors.forEach((processor, i) => processor.flush?.(heads[i + 1] ?? last));
    },
  };
}

function writeToAll(outputs: readonly Output[]): { write: Emit; flush(): Promise<void> } {
  if (outputs.length === 1) {
    const only = outputs[0]!;
    return { write: (record) => only.write(record), flush: () => only.flush?.() ?? Promise.resolve() };
  }
  return {
    write: (record) => outputs.forEach((output) => output.write(record)),
    flush: async () => {
      await Promise.all(outputs.map((output) => output.flush?.()));
    },
  };
}

/** The command's notice handler, then every output that takes notices. */
function noticeAll(onNotice: (notice: Notice) => void, outputs: readonly Output[]): (notice: Notice) => void {
  const listeners = outputs.filter((output) => output.notice !== undefined);
  if (listeners.length === 0) return onNotice;
  return (notice) => {
    onNotice(notice);
    for (const output of listeners) output.notice!(notice);
  };
}

export async function openPipeline(spec: PipelineSpec): Promise<Pipeline> {
  const { control, acknowledge } = spec;
  const outputs = writeToAll(spec.outputs);
  const chain = chainProcessors(spec.processors, outputs.write);
  const onRecord = (record: PipelineRecord): Promise<void> | undefined => {
    // An outage still open at the end comes as a gap record after it (Source.stop).
    if (control.finished && record.type !== 'gap') return acknowledge ? NEVER : undefined;
    chain.push(record);
    return acknowledge ? outputs.flush() : undefined;
  };
  await Promise.all(spec.outputs.map((output) => output.open?.()));
  const source = await spec.source({
    onRecord,
    onNotice: noticeAll(spec.onNotice, spec.outputs),
    onFatal: spec.onFatal ?? ((error) => control.finish(error.exitCode, error.message)),
  });
  spec.flow?.attach(source);
  return {
    source,
    async drain() {
      chain.flush();
      await Promise.all(spec.outputs.map((output) => (output.end ?? output.flush)?.call(output)));
    },
  };
}

/**
 * `jetsub replay`: captured messages back onto brokers, with their original spacing
 * (from `received_at`, scaled by --speed) or as fast as possible, once or in a loop.
 */
import type { ConnectionSettings } from '../transport/settings.js';
import type { Reporter } from '../sink/stderr.js';
import type { OutgoingMessage, SendResult } from '../transport/publisher.js';
import type { Target } from '../transport/target.js';
import { readCapture } from './index.js';
import { createProgress, shouldShowProgress } from './progress.js';
import type { CaptureLine } from '../pipeline/sources/capture-line.js';
import type { CaptureSource } from './source.js';

export interface ReplayOptions {
  source: CaptureSource;
  /** Factor on the original spacing; null: as fast as possible. */
  speed: number | null;
  loop: boolean;
  targets: readonly Target[];
  connection: ConnectionSettings;
}

export interface ReplayResult extends SendResult {
  /** Lines that held no message. */
  skipped: number;
}

interface Pass {
  /** Send time of the last message so far, ms. */
  lastDueMs: number;
  /** Mean spacing of the pass, ms: the pause before the next loop. */
  spacingMs: number;
}

/**
 * One pass over a capture: its messages with send times after `offsetMs`, one copy per
 * target. Lines without a `received_at` go right after the one before.
 */
async function* scheduleCapture(
  lines: AsyncIterable<CaptureLine>, speed: number | null, targets: number, offsetMs: number,
  onProblem: (line: number, reason: string) => void, pass: Pass,
): AsyncGenerator<OutgoingMessage> {
  let first: number | undefined;
  let last: number | undefined;
  let count = 0;
  pass.lastDueMs = offsetMs;
  for await (const entry of lines) {
    if (entry.type === 'problem') onProblem(entry.line, entry.reason);
    if (entry.type !== 'message') continue;
    if (speed !== null && entry.receivedAt !== undefined) {
      first ??= entry.receivedAt;
      last = entry.receivedAt;
      pass.lastDueMs = Math.max(pass.lastDueMs, offsetMs + (entry.receivedAt - first) / speed);
    }
    count++;
    for (let to = 0; to < targets; to++) yield { topic: entry.topic, payload: entry.payload, dueMs: pass.lastDueMs, to };
  }
  pass.spacingMs = first !== undefined && last !== undefined && count > 1 && speed !== null ? (last - first) / (count - 1) / speed : 0;
}

export async function runReplay(
  options: ReplayOptions, reporter: Reporter, stderr: { stream: NodeJS.WritableStream; isTTY: boolean }, signal: AbortSignal,
): Promise<ReplayResult> {
  const { sendMessages, withPublishers } = await import('../transport/publisher.js');
  const size = options.source.size;
  const progress = size !== undefined && shouldShowProgress(stderr.isTTY, size) ? createProgress(stderr.stream, size) : null;
  let skipped = 0;
  let queued = 0;
  const onProblem = (line: number, reason: string) => {
    skipped++;
    reporter.report(`line ${line} skipped: ${reason}`);
  };
  async function* passes(): AsyncGenerator<OutgoingMessage> {
    const pass: Pass = { lastDueMs: 0, spacingMs: 0 };
    let source = options.source;
    for (let offsetMs = 0; ; offsetMs = pass.lastDueMs + pass.spacingMs) {
      const lines = readCapture(source.chunks, (bytes) => progress?.update(bytes, queued));
      for await (const message of scheduleCapture(lines, options.speed, options.targets.length, offsetMs, onProblem, pass)) {
        queued++;
        yield message;
      }
      if (!options.loop || signal.aborted) return;
      source = source.reopen();
    }
  }
  return withPublishers(options.targets, options.connection, async (publishers) => {
    const pace = options.speed === null ? 'as fast as possible'
      : options.speed === 1 ? 'at the original pace' : `at ${options.speed}x the original pace`;
    reporter.status(`replaying ${options.source.name} to ${publishers.map((p) => p.where).join(', ')} ${pace}`
      + `${options.loop ? ', in a loop (Ctrl-C to stop)' : ''}`);
    try {
      const result = await sendMessages(publishers, passes(), signal);
      progress?.end();
      const seconds = result.elapsedMs / 1000;
      const rate = seconds > 0 ? Math.round(result.sent / seconds) : result.sent;
      reporter.report(`replayed ${result.sent} messages in ${seconds.toFixed(2)} s (${rate}/s)`
        + `${skipped > 0 ? `; skipped ${skipped} lines that hold no message` : ''}`);
      return { ...result, skipped };
    } catch (error) {
      progress?.end();
      throw error;
    }
  });
}

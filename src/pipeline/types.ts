/**
 * The pipeline's three kinds of stage, as gnmic has them (docs/pipeline.md):
 *
 *   source ──records──▶ processor ▶ processor ▶ … ──records──▶ output(s)
 *      └──notices (status, gaps, skipped payloads)──▶ the command's notice handler
 *
 * A source yields records; processors are compiled once at start-up (a factory that returns
 * null when its flags are not given costs nothing per record) and applied to each record;
 * outputs take records. A command (`tail`, `top`, `demo`, the library's `subscribe()`) is a
 * composition of them, run by openPipeline (./run.ts).
 */
import type { ConnectionError, ExitCode } from '../errors.js';
import type { FlapsRecord, StreamRecord } from '../record.js';
import type { Gap } from '../transport/connection.js';
import type { ConnectionEvent } from '../transport/events.js';

/** What flows between the stages: the stream's records, and those processors make (flaps). */
export type PipelineRecord = StreamRecord | FlapsRecord;

export type Emit = (record: PipelineRecord) => void;

/**
 * What a source (or a processor) tells the user about, typed: the wording is in one place
 * (./notices.ts), and a command decides where it goes (stderr, top's header, a callback).
 */
export type Notice =
  /** Connection progress (connecting, connected, subscribed, reconnecting); silenced by --quiet. */
  | { type: 'status'; device: string; line: string }
  /** Something the user must see even with --quiet (a rejected subscription). */
  | { type: 'warning'; device: string; line: string }
  | { type: 'gap'; gap: Gap }
  | { type: 'oversize'; device: string; topic: string; bytes: number; limit: number }
  /** --dedupe dropped a redelivery. */
  | { type: 'redelivery'; device: string; topic: string }
  /** With several devices: one could not be reached at start and is retried in the background. */
  | { type: 'start-failure'; device: string; error: ConnectionError }
  /** A connection's state changed (connecting, connected, subscribed, reconnecting, a forced close), typed. */
  | { type: 'connection'; event: ConnectionEvent }
  /** In a fleet: one device given up (--max-reconnects, --give-up-after); the others go on. */
  | { type: 'given-up'; device: string; error: ConnectionError; count: number; devices: number }
  /** The read-ahead queue (--buffer) is full: reading from the broker is paused until the output catches up. */
  | { type: 'read-ahead-full'; capacity: number }
  /** At the end of a fleet's run with devices given up. */
  | { type: 'given-up-summary'; givenUp: readonly string[]; devices: number }
  /** --read: a line that holds no message, the torn last line of a file, or a file that could not be read to its end. */
  | { type: 'read-problem'; file: string; line: number | null; reason: string }
  /** --read with --since/--until: lines without `received_at` (not jetsub records) were skipped. */
  | { type: 'read-untimed'; lines: number };

export interface SourceHandlers {
  /**
   * One record. A returned promise holds the source's acknowledgement (MQTT QoS 1/2) until it
   * settles: openPipeline resolves it once the record is written out by every output.
   */
  onRecord(record: PipelineRecord): void | Promise<void>;
  onNotice(notice: Notice): void;
  /** After start-up: the source can no longer do its job (gave up reconnecting, every subscription rejected). */
  onFatal(error: ConnectionError): void;
}

/** The read-ahead queue at its fullest: messages, and the bytes they took (deflated where they were). */
export interface BacklogPeak {
  events: number;
  bytes: number;
}

export interface Source {
  /**
   * Settles once the source is delivering (every connection subscribed, or failed its first
   * attempt and retried in the background); rejects when it cannot start at all.
   */
  ready: Promise<void>;
  /** Backpressure: stop reading (and acknowledging) until resume(). */
  pause(): void;
  resume(): void;
  /** The most that waited in the read-ahead queue (--buffer) at once since the last call. */
  takeBacklogPeak?(): BacklogPeak;
  /** The run ended: stop reconnecting, report what is still open (an outage: a gap up to now) before the outputs drain. */
  stop?(): void;
  close(): Promise<void>;
  /** A finite source (--read): settles once everything is delivered; the end of input. */
  ended?: Promise<void>;
}

export type OpenSource = (handlers: SourceHandlers) => Promise<Source>;

/** What processors and outputs may do to the run: report a line, or end it with an exit code. */
export interface RunControl {
  /** Ends the run (the first call wins); `message` is reported on stderr. */
  finish(code: ExitCode, message?: string): void;
  readonly finished: boolean;
  /** Data was lost, skipped or is invalid: always shown. */
  report(line: string, device?: string): void;
  /** Progress: silenced by --quiet. */
  status(line: string, device?: string): void;
}

export interface Processor {
  /** Pass the record on with `next` (now, later, or not at all), or others instead. */
  push(record: PipelineRecord, next: Emit): void;
  /** The stream ended: pass on whatever is held. */
  flush?(next: Emit): void;
}

export interface Output {
  /** Before the source opens (a listening socket): a rejection ends the start-up with its error, nothing subscribed. */
  open?(): Promise<void>;
  write(record: PipelineRecord): void;
  /** Every notice of the source too, for an output that counts them (metrics); after the command's onNotice. */
  notice?(notice: Notice): void;
  /** Resolves once everything written so far is out (the QoS 1/2 acknowledgement waits for it). */
  flush?(): Promise<void>;
  /** The stream ended: write what closes the output (the table's bottom border) and flush. */
  end?(): Promise<void>;
}

/** Backpressure from outputs to the source: an output created before the source can pause it. */
export interface Flow {
  pause(): void;
  resume(): void;
  /** The source's read-ahead peak since the last call (Source.takeBacklogPeak); none without a queue. */
  takeBacklogPeak?(): BacklogPeak;
}

/**
 * The words for every notice (./types.ts), written once: `tail`, `top`, `demo` and the
 * library's status callback all say the same thing about the same event. Untrusted text
 * (topics) is made terminal-safe here. The transport's own lines (status, warning) arrive
 * worded; once it reports typed connection events, their words belong with it and this
 * module passes them through.
 */
import type { ConnectionError } from '../errors.js';
import { escapeControl } from '../render/escape.js';
import type { Reporter } from '../sink/stderr.js';
import type { Gap } from '../transport/connection.js';
import { describeConnectionEvent, describeGapLine } from '../transport/events.js';
import type { Notice } from './types.js';

/** `gap on mx1: connection lost at …, back at … (4.0 s); events published meanwhile are lost` (the words: transport/events.ts). */
function describeGap(gap: Gap): string {
  return describeGapLine(gap);
}

/** `limitName`: how the user set the limit (`--max-payload` on the command line, `maxPayload` in the library). */
function describeOversize(topic: string, bytes: number, limit: number, limitName = '--max-payload'): string {
  return `skipped a payload of ${bytes} bytes on ${escapeControl(topic)} (over ${limitName} ${limit})`;
}

export function describeRedelivery(topic: string): string {
  return `dropped a redelivery of ${escapeControl(topic)} (--dedupe)`;
}

/** The first line of the reason only: the hint under it is for when no device can be reached. */
function describeStartFailure(error: ConnectionError): string {
  return `${error.message.split('\n')[0]}; retrying in the background`;
}

/** A notice as one line, and whether --quiet silences it (`status`) or not (`report`). */
export interface NoticeLine {
  /** undefined: a line about the whole fleet. */
  device: string | undefined;
  line: string;
  level: 'status' | 'report';
}

export function describeNotice(notice: Notice, limitName?: string): NoticeLine {
  switch (notice.type) {
    case 'connection': {
      const { line, level } = describeConnectionEvent(notice.event);
      return { device: notice.event.device, line, level: level === 'status' ? 'status' : 'report' };
    }
    case 'given-up':
      return {
        device: notice.device,
        line: `${notice.error.message.split('\n')[0]}; the other devices go on (${notice.count} of ${notice.devices} given up)`,
        level: 'report',
      };
    case 'given-up-summary':
      return { device: undefined, line: `${notice.givenUp.length} of ${notice.devices} devices were given up: ${notice.givenUp.join(', ')}`,
        level: 'report' };
    case 'status': return { device: notice.device, line: notice.line, level: 'status' };
    case 'warning': return { device: notice.device, line: notice.line, level: 'report' };
    case 'gap': return { device: notice.gap.device, line: describeGap(notice.gap), level: 'report' };
    case 'oversize': {
      return { device: notice.device, line: describeOversize(notice.topic, notice.bytes, notice.limit, limitName), level: 'report' };
    }
    case 'redelivery': return { device: notice.device, line: describeRedelivery(notice.topic), level: 'status' };
    case 'read-ahead-full': {
      const line = `the read-ahead buffer is full (--buffer ${notice.capacity} events): reading from the broker is paused until the output `
        + 'catches up (a broker drops QoS 0 events it cannot queue)';
      return { device: undefined, line, level: 'report' };
    }
    case 'start-failure': return { device: notice.device, line: describeStartFailure(notice.error), level: 'report' };
    case 'read-problem': {
      const where = notice.line === null ? escapeControl(notice.file) : `${escapeControl(notice.file)}:${notice.line}`;
      return { device: undefined, line: `${where}: ${notice.reason}`, level: 'report' };
    }
    case 'read-untimed':
      return { device: undefined, line: `skipped ${notice.lines} lines without received_at (--since/--until need a jetsub record's time)`,
        level: 'report' };
  }
}

/** The notice on stderr, as tail writes it. */
export function reportNotice(reporter: Reporter, notice: Notice): void {
  const { device, line, level } = describeNotice(notice);
  reporter[level](line, device);
}

/**
 * What a broker connection reports, as typed data: every change of its state is one
 * ConnectionEvent (connection.ts emits them), and the words for each are written here only
 * (describeConnectionEvent). Consumers that need the state (top's header, the fleet's
 * give-up count) read the event, never the line.
 */
import type { ConnectionError } from '../errors.js';
import { describeSubackCode, isSubscriptionRejected } from './reasons.js';

export interface Gap {
  device: string;
  /** The last sign of life of the connection that was lost (see connection.ts). */
  from: Date;
  /** Subscribed again, or the end of the run when the outage was still open (`open`). */
  to: Date;
  /** Still lost when jetsub ended (SIGTERM, -W): `to` is the end, not a return. */
  open?: boolean;
  /** A persistent session (--session, QoS > 0): the broker queued what was published meanwhile, up to its limits. */
  queued?: boolean;
}

/** Why the broker may have dropped events for jetsub: reading paused (the output is behind), or a persistent session away. */
export type DropCause = 'behind' | 'away';

export type ConnectionEvent =
  | { type: 'connecting'; device: string; where: string; clientId: string; host: string }
  | { type: 'connected'; device: string; where: string }
  /** One per filter: `qos` is the SUBACK's code (0x80 or more: refused, see isSubscriptionRejected). */
  | { type: 'subscribed'; device: string; filter: string; qos: number }
  /** An established connection was lost; `reason` in words (reasons.ts describeLoss). */
  | { type: 'reconnecting'; device: string; where: string; reason: string; since: Date }
  /** Subscribed again after a loss, or the end of the run with the loss still open. */
  | { type: 'gap'; device: string; gap: Gap }
  /** The connection gave up (--max-reconnects, --give-up-after, every subscription refused). */
  | { type: 'fatal'; device: string; error: ConnectionError }
  /**
   * The broker's count of dropped messages rose (./drops.ts): `count` this time, `total` since
   * `since`; `causes`: jetsub was behind or away meanwhile. The broker counts for all its clients: a bound.
   */
  | { type: 'dropped'; device: string; where: string; count: number; total: number; since: Date; causes: readonly DropCause[] }
  /** jetsub ended and the broker did not close its side in time: the socket was destroyed. */
  | { type: 'forced-close'; device: string; where: string; graceMs: number };

/** `status`: progress, silenced by --quiet; `warning`: always shown; `none`: said elsewhere (gaps, fatal errors). */
export type EventLevel = 'status' | 'warning' | 'none';

/** The one line a connection event is told with, and how loudly. */
export function describeConnectionEvent(event: ConnectionEvent): { line: string; level: EventLevel } {
  switch (event.type) {
    case 'connecting':
      return { line: `connecting to ${event.where} as ${event.clientId}${describeDeviceAside(event)}`, level: 'status' };
    case 'connected':
      return { line: `connected to ${event.where}`, level: 'status' };
    case 'subscribed':
      return isSubscriptionRejected(event)
        ? { line: describeRefusal(event.filter, event.qos), level: 'warning' }
        : { line: `subscribed to ${event.filter} (qos ${event.qos})`, level: 'status' };
    case 'reconnecting':
      return { line: `connection to ${event.where} lost (${event.reason}); reconnecting`, level: 'status' };
    case 'gap':
      return { line: describeGapLine(event.gap), level: 'none' };
    case 'fatal':
      return { line: event.error.message, level: 'none' };
    case 'dropped':
      return { line: describeDrops(event), level: 'warning' };
    case 'forced-close':
      return {
        line: `the broker at ${event.where} did not close the connection within ${event.graceMs} ms of the DISCONNECT`
          + ' (hung, or the path is broken); closed it without waiting',
        level: 'status',
      };
  }
}

/**
 * `the broker at … dropped 19000 messages while jetsub was away, since …: up to 19000 events are
 * lost (its $SYS/broker/publish/messages/dropped, a count over all its clients)`.
 */
function describeDrops(event: Extract<ConnectionEvent, { type: 'dropped' }>): string {
  const { where, count, total, since, causes } = event;
  const why = causes.length === 0 ? '' : ` while jetsub was ${causes.join(' and ')}`;
  const more = count === total ? `${count} messages${why}, since ${since.toISOString()}`
    : `${count} more messages${why} (${total} since ${since.toISOString()})`;
  return `the broker at ${where} dropped ${more}: up to ${total} events are lost`
    + ' (its $SYS/broker/publish/messages/dropped, a count over all its clients)';
}

/** ` (mx1)` after the address, when the device has a name of its own. */
function describeDeviceAside(event: { device: string; host: string }): string {
  return event.device === event.host ? '' : ` (${event.device})`;
}

function describeRefusal(filter: string, code: number): string {
  return `the broker rejected the subscription to ${filter} (SUBACK ${describeSubackCode(code)}): its events will not arrive`;
}

/**
 * `gap on mx1: connection lost at …, back at … (4.0 s); events published meanwhile are lost`,
 * and for an outage still open at the end or a persistent session, what is true instead.
 */
export function describeGapLine(gap: Gap): string {
  const seconds = ((gap.to.getTime() - gap.from.getTime()) / 1000).toFixed(1);
  const span = gap.open === true
    ? `connection lost at ${gap.from.toISOString()}, still lost when jetsub ended at ${gap.to.toISOString()} (${seconds} s)`
    : `connection lost at ${gap.from.toISOString()}, back at ${gap.to.toISOString()} (${seconds} s)`;
  const loss = gap.queued === true
    ? 'the broker queued what was published meanwhile for this session, up to its queue limits'
      + ' (mosquitto: max_queued_messages, 1000 by default); more than that is lost'
    : 'events published meanwhile are lost';
  return `gap on ${gap.device}: ${span}; ${loss}`;
}

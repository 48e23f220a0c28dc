/**
 * The reconnect policy, as a pure function of (state, input, now): when to reconnect
 * (backoff 100 ms doubling to 1.5 s), when to give up (--max-reconnects, --give-up-after,
 * every subscription refused, a first connect failing without retryAtStart), where a gap
 * starts and ends. connection.ts feeds it what the socket did and carries out the decision;
 * the timers stay there. Tested as tables (test/unit/transport/policy.test.ts).
 */

const BACKOFF_FIRST_MS = 100;
const BACKOFF_CAP_MS = 1500;
/**
 * A connection must stay up this long before its backoff starts again from 100 ms: a
 * broker that accepts and drops every connection is retried at the cap (1.5 s), not ~9
 * times a second, and such short-lived connections count as failed attempts for
 * --max-reconnects.
 */
export const STABLE_AFTER_MS = 5000;

export interface PolicyLimits {
  maxReconnects?: number;
  giveUpAfterMs?: number;
  /** Keep trying when the first connect fails (fan-in). */
  retryAtStart: boolean;
}

export interface PolicyState {
  /** Subscribed at least once: losses are reconnected (and are gaps), not start failures. */
  everSubscribed: boolean;
  /** Failed attempts in a row (a connection that did not stay up STABLE_AFTER_MS counts). */
  failures: number;
  /** When the connection currently lost was last known alive (ms), null while up. */
  lostAt: number | null;
  /** When the current connection's CONNACK came (ms), null while down. */
  connectedAt: number | null;
  done: boolean;
}

export type PolicyInput =
  | { type: 'connected' }
  | { type: 'subscribed' }
  /** Every filter was refused in the SUBACK. */
  | { type: 'refused' }
  /**
   * The socket closed. `lastAliveAt`: the last packet received (or ping answered); when
   * the close itself came from the broker (a FIN, a reset) it is `now`, since the path was
   * alive to carry it; after a keepalive timeout, it is the last packet before the silence.
   */
  | { type: 'closed'; lastAliveAt: number }
  /** The --give-up-after timer set on a loss ran out. */
  | { type: 'deadline' };

export type GiveUpRule = 'start' | 'max-reconnects' | 'give-up-after' | 'refused';

export type Decision =
  | { type: 'none' }
  /** `lost`: this close lost an established connection (announce it; arm --give-up-after). */
  | { type: 'reconnect'; delayMs: number; lost: boolean; firstStartFailure: boolean }
  /** Subscribed: the first time (`ready`), or again after a loss (a gap from `from` to now). */
  | { type: 'subscribed'; first: boolean; gapFrom: number | null }
  | { type: 'give-up'; rule: GiveUpRule; failures: number };

export const INITIAL_STATE: PolicyState = { everSubscribed: false, failures: 0, lostAt: null, connectedAt: null, done: false };

export interface Step {
  state: PolicyState;
  decision: Decision;
}

export function stepPolicy(state: PolicyState, input: PolicyInput, now: number, limits: PolicyLimits): Step {
  if (state.done) return { state, decision: { type: 'none' } };
  switch (input.type) {
    case 'connected':
      return { state: { ...state, connectedAt: now }, decision: { type: 'none' } };
    case 'subscribed':
      return {
        state: { ...state, everSubscribed: true, lostAt: null },
        decision: { type: 'subscribed', first: !state.everSubscribed, gapFrom: state.lostAt },
      };
    case 'refused':
      return giveUp(state, 'refused');
    case 'closed':
      return stepClosed(state, input.lastAliveAt, now, limits);
    case 'deadline':
      return state.lostAt === null ? { state, decision: { type: 'none' } } : giveUp(state, 'give-up-after');
  }
}

function stepClosed(state: PolicyState, lastAliveAt: number, now: number, limits: PolicyLimits): Step {
  const stayedUp = state.connectedAt !== null && now - state.connectedAt >= STABLE_AFTER_MS;
  const failures = (stayedUp ? 0 : state.failures) + 1;
  const next: PolicyState = { ...state, failures, connectedAt: null };
  if (!state.everSubscribed && !limits.retryAtStart) return giveUp(next, 'start');
  const lost = state.everSubscribed && state.lostAt === null;
  if (lost) next.lostAt = Math.min(lastAliveAt, now);
  if (limits.maxReconnects !== undefined && failures > limits.maxReconnects) return giveUp(next, 'max-reconnects');
  const firstStartFailure = !state.everSubscribed && state.failures === 0;
  return { state: next, decision: { type: 'reconnect', delayMs: backoffDelay(failures), lost, firstStartFailure } };
}

function giveUp(state: PolicyState, rule: GiveUpRule): Step {
  return { state: { ...state, done: true }, decision: { type: 'give-up', rule, failures: state.failures } };
}

/** 100, 200, 400, 800, 1500, 1500, … ms after the 1st, 2nd, … failure in a row. */
export function backoffDelay(failures: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** (Math.max(1, failures) - 1));
}

/**
 * The errors a connection ends with: a first connect that failed, and each give-up rule of
 * the reconnect policy (./policy.ts), with what happened, the likely cause and the fix.
 */
import { ConnectionError } from '../errors.js';
import type { GiveUpRule } from './policy.js';
import { ALLOW_CLIENTS_HINT, describeFailure } from './reasons.js';

export interface GiveUpContext {
  options: { maxReconnects?: number; giveUpAfterMs?: number; connectTimeoutMs: number; filters: readonly string[] };
  where: string;
  /** The socket's last error (null: it just closed). */
  error: unknown;
  /** When the connection given up on was lost (ms), for --give-up-after. */
  lostAt: number | null;
  /** Since the first connect began. */
  elapsedMs: number;
}

export function describeGiveUp(rule: GiveUpRule, context: GiveUpContext): ConnectionError {
  const { options, where, error } = context;
  const reason = describeFailure(error, where).reason;
  switch (rule) {
    case 'start':
      return describeStartFailure(error, where, context.elapsedMs, options.connectTimeoutMs);
    case 'max-reconnects':
      return new ConnectionError(`gave up on ${where} after ${options.maxReconnects} failed reconnect attempts`
        + ` (--max-reconnects): ${reason}`);
    case 'give-up-after': {
      const since = context.lostAt === null ? '' : ` of losing it at ${new Date(context.lostAt).toISOString()}`;
      const seconds = (options.giveUpAfterMs ?? 0) / 1000;
      return new ConnectionError(`gave up on ${where}: not back within ${seconds} s${since} (--give-up-after): ${reason}`);
    }
    case 'refused':
      return new ConnectionError(`the broker at ${where} rejected every subscription (${options.filters.join(', ')})`
        + "; check the broker's ACL for this user");
  }
}

const CLOSED_IN_HANDSHAKE = 'the broker closed the connection before the MQTT handshake finished'
  + ' (a router does this to clients not in allow-clients)';

export function describeStartFailure(error: unknown, where: string, elapsedMs: number, timeoutMs: number): ConnectionError {
  const { reason, allowClients } = error !== null
    ? describeFailure(error, where)
    : elapsedMs >= timeoutMs
      ? { reason: `no MQTT answer within ${timeoutMs / 1000} s`, allowClients: true }
      : { reason: CLOSED_IN_HANDSHAKE, allowClients: true };
  return new ConnectionError(`cannot connect to ${where}: ${reason}${allowClients ? `\n  ${ALLOW_CLIENTS_HINT}` : ''}`);
}

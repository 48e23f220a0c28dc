/**
 * What the publishing commands (simulate, replay) share: the connection flags say what
 * they mean for a publisher (--qos is the publish QoS; --share, a subscriber's matter, is
 * hidden and refused), and Ctrl-C/SIGTERM stop them cleanly (exit 0, after the summary).
 */
import type { Command } from 'commander';
import { usageError } from '../errors.js';

export function adaptConnectionFlags(cmd: Command, topicPrefix: string | null): void {
  const find = (long: string) => cmd.options.find((option) => option.long === long);
  const qos = find('--qos');
  if (qos) qos.description = 'publish QoS (a router itself publishes at QoS 0)';
  find('--share')?.hideHelp();
  const prefix = find('--topic-prefix');
  if (prefix && topicPrefix !== null) prefix.description = topicPrefix;
  else prefix?.hideHelp();
}

/** The flags a publisher cannot honour, refused before any socket opens. */
export function refuseSubscriberFlags(command: string, flags: Record<string, unknown>, names: readonly ('share' | 'topicPrefix')[]): void {
  for (const name of names) {
    if (flags[name] === undefined) continue;
    const flag = name === 'share' ? '--share' : '--topic-prefix';
    const why = name === 'share' ? 'shared subscriptions are for subscribers' : 'it cannot tell the device of every line';
    throw usageError(flag, `${command} publishes; ${why}`, `leave ${flag} out`);
  }
}

export interface Interrupt {
  /** Aborts on SIGINT or SIGTERM. */
  signal: AbortSignal;
  dispose(): void;
}

export function onInterrupt(signals: NodeJS.EventEmitter): Interrupt {
  const controller = new AbortController();
  const stop = () => controller.abort();
  signals.on('SIGINT', stop);
  signals.on('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose() {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
    },
  };
}

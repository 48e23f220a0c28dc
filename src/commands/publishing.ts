/**
 * What the publishing commands (simulate, replay) share: --qos means the publish QoS
 * there, and Ctrl-C/SIGTERM stop them cleanly (exit 0, after the summary).
 */
import type { Command } from 'commander';

export function describePublishQos(cmd: Command): void {
  const qos = cmd.options.find((option) => option.long === '--qos');
  if (qos) qos.description = 'publish QoS (a router itself publishes at QoS 0)';
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

/**
 * The broker source: one MQTT connection per target (several: fan-in), each message through
 * the intake (../intake.ts) into a record. Topic selection, fleet prefix and shared
 * subscription are applied here, where the filters are subscribed.
 */
import { ConnectionError } from '../../errors.js';
import type { CompiledTopics } from '../../topics/compile.js';
import { compileTopicPrefix, shareFilter } from '../../topics/prefix.js';
import { type Connection, type ConnectionHandlers, openConnection } from '../../transport/connection.js';
import { ALLOW_CLIENTS_HINT } from '../../transport/reasons.js';
import type { ConnectionSettings } from '../../transport/settings.js';
import type { Target } from '../../transport/target.js';
import type { Validator } from '../../validate/index.js';
import { assignClientIds } from '../client-ids.js';
import { createIntake } from '../intake.js';
import { createGate, type Gate } from './read-ahead-gate.js';
import type { OpenSource, Source, SourceHandlers } from '../types.js';

/** A central broker bridged from many routers (--topic-prefix, --share). */
export interface FleetSettings {
  /** Subscribe under a fleet prefix such as `fleet/{device}` (--topic-prefix). */
  topicPrefix?: string;
  /** MQTT 5 shared-subscription group (--share). */
  share?: string;
}

export interface BrokerSourceOptions extends FleetSettings {
  targets: readonly Target[];
  connection: ConnectionSettings;
  topics: CompiledTopics;
  validator: Validator | null;
  /** Payloads larger than this many bytes are reported and skipped. */
  maxPayload: number;
  /** Write gap records into the stream (--mark-gaps). */
  markGaps: boolean;
  /** Messages read ahead while the output is behind, before the sockets pause (--buffer; default 0: none). */
  buffer?: number;
}

export function createBrokerSource(options: BrokerSourceOptions): OpenSource {
  return (handlers) => openBrokerSource(options, handlers);
}

/** The MQTT filters a run subscribes to (and --dry-run prints): the topic flags', under --topic-prefix and --share. */
export function subscriptionFilters(options: Pick<BrokerSourceOptions, 'topics' | 'topicPrefix' | 'share'>): string[] {
  const prefix = compileTopicPrefix(options.topicPrefix);
  return options.topics.filters.map((f) => shareFilter(options.share, prefix.wrap(f)));
}

/**
 * `ready` settles once every connection is subscribed or has failed its first attempt. It
 * rejects only when no device could be reached; a device that failed is reported
 * (start-failure) and keeps being retried, since one router down must never stop the others.
 */
async function openBrokerSource(options: BrokerSourceOptions, handlers: SourceHandlers): Promise<Source> {
  const prefix = compileTopicPrefix(options.topicPrefix);
  const intake = createIntake({ ...options, prefix }, handlers.onNotice);
  const filters = subscriptionFilters(options);
  const fanIn = options.targets.length > 1;
  const connections: Connection[] = [];
  const clientIds = assignClientIds(options.targets, options.connection.clientId);
  const givenUp = createGiveUpCount(options.targets.length, handlers);
  const capacity = options.buffer ?? 0;
  const gate = createGate(capacity, options.connection.qos > 0, {
    process(device, fullTopic, payload, duplicate, receivedAt) {
      const record = intake(options.targets[device]!.device, fullTopic, payload, duplicate, receivedAt);
      return record === null ? undefined : handlers.onRecord(record);
    },
    emit: (record) => void handlers.onRecord(record),
    pauseSockets: () => connections.forEach((c) => c.pause()),
    resumeSockets: () => connections.forEach((c) => c.resume()),
    onFull: () => handlers.onNotice({ type: 'read-ahead-full', capacity }),
  });
  for (const [i, target] of options.targets.entries()) {
    const onMessage: ConnectionHandlers['onMessage'] = (fullTopic, payload, duplicate) => gate.message(i, fullTopic, payload, duplicate);
    const { maxPayload } = options;
    const connection = { ...options.connection, clientId: clientIds[i]!, target, filters, retryAtStart: fanIn, maxPayload };
    connections.push(await openConnection(connection, { onMessage, ...toNotices(target.device, handlers, options, givenUp, gate) }));
  }
  return {
    ready: settleStart(options.targets, connections, handlers),
    pause: gate.pause,
    resume: gate.resume,
    takeBacklogPeak: gate.takePeak,
    stop: () => connections.forEach((c) => c.stop()),
    close: async () => {
      givenUp.summarize();
      await Promise.all(connections.map((c) => c.close()));
    },
  };
}

/** The connection's typed events as notices (and, with --mark-gaps, a gap as a record too). */
function toNotices(
  device: string, handlers: SourceHandlers, options: BrokerSourceOptions, givenUp: GiveUpCount, gate: Gate,
): Omit<ConnectionHandlers, 'onMessage'> {
  return {
    onEvent(event) {
      if (event.type === 'fatal') return givenUp.add(event.device, event.error);
      if (event.type !== 'gap') return handlers.onNotice({ type: 'connection', event });
      const { gap } = event;
      handlers.onNotice({ type: 'gap', gap });
      if (options.markGaps) gate.record({ type: 'gap', device, from: gap.from.toISOString(), to: gap.to.toISOString() });
    },
    // Dropped while framing (transport/frames.ts), before it was read whole.
    onOversize: (topic, bytes) => handlers.onNotice({ type: 'oversize', device, topic, bytes, limit: options.maxPayload }),
  };
}

interface GiveUpCount {
  add(device: string, error: ConnectionError): void;
  summarize(): void;
}

/**
 * A device given up (--max-reconnects, --give-up-after, every subscription refused): alone,
 * the source ends (onFatal); in a fleet, the others go on, and only the last one ends it.
 */
function createGiveUpCount(devices: number, handlers: SourceHandlers): GiveUpCount {
  const givenUp = new Map<string, ConnectionError>();
  return {
    add(device, error) {
      if (givenUp.has(device)) return;
      givenUp.set(device, error);
      if (devices === 1) return handlers.onFatal(error);
      if (givenUp.size < devices) return handlers.onNotice({ type: 'given-up', device, error, count: givenUp.size, devices });
      const each = [...givenUp].map(([d, e]) => `  ${d}: ${e.message.split('\n')[0]}`);
      handlers.onFatal(new ConnectionError(`gave up on every device:\n${each.join('\n')}`));
    },
    summarize() {
      if (givenUp.size === 0 || givenUp.size === devices) return;
      handlers.onNotice({ type: 'given-up-summary', givenUp: [...givenUp.keys()], devices });
    },
  };
}

async function settleStart(targets: readonly Target[], connections: Connection[], handlers: SourceHandlers): Promise<void> {
  const results = await Promise.allSettled(connections.map((c) => c.ready));
  const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [[targets[i]!.device, r.reason as ConnectionError] as const] : []));
  if (failures.length === results.length) {
    if (failures.length === 1) throw failures[0]![1];
    const reasons = failures.map(([device, e]) => `  ${device}: ${e.message.split('\n')[0]}`).join('\n');
    // The router-side hint once, when it was the likely cause for one of them (not for nothing listening on this host).
    const hint = failures.some(([, e]) => e.message.includes(ALLOW_CLIENTS_HINT)) ? `\n  ${ALLOW_CLIENTS_HINT}` : '';
    throw new ConnectionError(`no device could be reached:\n${reasons}${hint}`);
  }
  for (const [device, error] of failures) handlers.onNotice({ type: 'start-failure', device, error });
}

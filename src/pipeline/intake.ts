/**
 * A message as a source receives it (device, topic, payload) → the record, or nothing:
 * an oversized payload is reported and skipped, a topic outside the fleet prefix or the
 * topic selection is dropped — topic narrowing runs here, before the payload is decoded
 * (decoding and validating cost ~6 µs a message; parsing the topic ~1.7) — and the rest is
 * decoded and validated (./record.ts). Every source of messages shares it.
 */
import type { EventRecord } from '../record.js';
import type { CompiledTopics } from '../topics/compile.js';
import { type ParsedTopic, parseTopic } from '../topics/parse.js';
import type { TopicPrefix } from '../topics/prefix.js';
import type { Validator } from '../validate/index.js';
import { createRecordBuilder } from './record.js';
import type { Notice } from './types.js';

/** Payloads over 1 MiB are skipped unless told otherwise (--max-payload, the library's maxPayload). */
export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

export interface IntakeOptions {
  topics: CompiledTopics;
  validator: Validator | null;
  /** Payloads larger than this many bytes are reported and skipped. */
  maxPayload: number;
  prefix: TopicPrefix;
}

/**
 * `receivedAt` (epoch ms): when it was received — read from the socket, if it waited in the read-ahead
 * buffer (./read-ahead.ts), or the capture's time (--read); default now.
 */
export type Intake = (device: string, fullTopic: string, payload: Buffer, duplicate: boolean, receivedAt?: number) => EventRecord | null;

export function createIntake(options: IntakeOptions, onNotice: (notice: Notice) => void): Intake {
  const build = createRecordBuilder(options.validator);
  const parseTopicOnce = createTopicCache(options.topics.accepts);
  // Link traps follow --interface/--ifd: the interface is in the payload, so this runs on the record.
  const acceptsEvent = options.topics.acceptsEvent ?? null;
  const { prefix, maxPayload } = options;
  return (device, fullTopic, payload, duplicate, receivedAt) => {
    if (payload.length > maxPayload) {
      onNotice({ type: 'oversize', device, topic: fullTopic, bytes: payload.length, limit: maxPayload });
      return null;
    }
    const unwrapped = prefix.unwrap(fullTopic);
    if (unwrapped === null) return null;
    const { topic } = unwrapped;
    const parsed = parseTopicOnce(topic);
    if (parsed === null) return null;
    const record = build({ device: unwrapped.device ?? device, topic, parsed, payload, receivedAt: receivedAt ?? Date.now() });
    if (acceptsEvent && !acceptsEvent(record)) return null;
    if (duplicate) record.duplicate = true;
    return record;
  };
}

/**
 * parseTopic and the topic matcher, once per run of messages on one topic (a storm has one):
 * null for a topic the matcher refuses. The records of such a run share one `topic_fields`
 * object, which no stage changes.
 */
function createTopicCache(accepts: CompiledTopics['accepts']): (topic: string) => ParsedTopic | null {
  let lastTopic: string | undefined;
  let lastParsed: ParsedTopic | null = null;
  return (topic) => {
    if (topic === lastTopic) return lastParsed;
    const parsed = parseTopic(topic);
    lastTopic = topic;
    lastParsed = accepts && !accepts(topic, parsed) ? null : parsed;
    return lastParsed;
  };
}

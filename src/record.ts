/**
 * The one record that flows between jetsub's stages: transport → decode → validate →
 * filter → render → sink. Every stage in the middle is a pure function of it.
 *
 * Its NDJSON form is the public contract, described by schemas/record.schema.json.
 */
import type { Action, Kind } from './topics/catalog.js';

/** What a topic says, once parsed (see src/topics/parse.ts). Keys appear only where they apply. */
export interface TopicFields {
  /** Interface as named in the topic: `ge-0/0/0` for ifd, `ge-0/0/0.100` for ifl/iff/ifa. */
  interface?: string;
  /** The physical interface part (`ge-0/0/0` of `ge-0/0/0.100`). */
  ifd?: string;
  /** The logical unit (`100` of `ge-0/0/0.100`). */
  unit?: number;
  family?: string;
  /** Interface address or route destination without its length: `192.168.20.1`, `2001:db8::`. */
  address?: string;
  prefix_length?: number;
  /** `address/prefix_length`. */
  prefix?: string;
  /** Route table (route-table events). */
  table?: string;
  logical_router?: string;
  /** Firewall filter name (may contain `/`). */
  filter?: string;
  /** Syslog event id (the last topic level). */
  event_id?: string;
}

export interface ValidationIssue {
  /** JSON pointer into the payload (`/jet-event/attributes/snmp-id`); empty for the whole payload. */
  pointer: string;
  message: string;
}

/** The parsed payload: the object inside `jet-event`, or the whole object when there is no wrapper. */
export type JetEvent = Record<string, unknown>;

export interface EventRecord {
  type: 'event';
  /** When jetsub received the message, ISO 8601 UTC. */
  received_at: string;
  /** The device (broker connection) the event came from. */
  device: string;
  /** The Junos topic (any fleet prefix removed). */
  topic: string;
  kind: Kind;
  action: Action | null;
  topic_fields: TopicFields;
  /** null when validation is off. */
  valid: boolean | null;
  /** Present (true) when the broker flagged this delivery as a redelivery (MQTT DUP, QoS 1): it may have been printed before. */
  duplicate?: true;
  errors?: ValidationIssue[];
  warnings?: ValidationIssue[];
  event: JetEvent | null;
  /** The payload text, present only when it is not JSON. */
  raw?: string;
  /** The payload bytes as received (never serialised into NDJSON; used by `-o raw`). */
  payload?: Buffer;
  /**
   * `event` as JSON text, cut from the payload as received (see src/pipeline/record.ts), so
   * that NDJSON need not serialise it again. A symbol key: not part of the record's JSON.
   */
  [EVENT_TEXT]?: string;
  /**
   * Where EVENT_TEXT's bytes are in `payload` (valid UTF-8 there, so they are the text's own
   * UTF-8): NDJSON copies them into its output instead of encoding the text again.
   */
  [EVENT_START]?: number;
  [EVENT_END]?: number;
}

/** The key of EventRecord's event text. Change `event` and delete this with it. */
export const EVENT_TEXT: unique symbol = Symbol('jetsub.eventText');
export const EVENT_START: unique symbol = Symbol('jetsub.eventStart');
export const EVENT_END: unique symbol = Symbol('jetsub.eventEnd');

/** Written into the stream (with --mark-gaps) when a connection was lost and came back. */
export interface GapRecord {
  type: 'gap';
  device: string;
  /** When the connection was lost, ISO 8601 UTC. */
  from: string;
  /** When it was back and subscribed again, ISO 8601 UTC. */
  to: string;
}

export type StreamRecord = EventRecord | GapRecord;

/** A link's state after a trap (src/pipeline/link-trap.ts). */
export type LinkDirection = 'down' | 'up';

/**
 * Written by `tail --collapse-flaps` (src/pipeline/processors/collapse-flaps.ts): repeated
 * down/up of one interface within the window, as one record. Its NDJSON form is described
 * by schemas/flaps.schema.json.
 */
export interface FlapsRecord {
  type: 'flaps';
  device: string;
  interface: string;
  /** Completed flaps (down, then up) within the window. */
  flaps: number;
  /** Link traps collapsed into this record. */
  events: number;
  /** The link state after the last trap. */
  state: LinkDirection;
  /** Received times of the first and the last trap, ISO 8601 UTC. */
  from: string;
  to: string;
  window_s: number;
  /** The first trap (never serialised): what pretty shows its time and router from. */
  first: EventRecord;
}

/**
 * Typed JET events, one type per kind with the attributes known for it (see
 * ../shared/jet-notification.md and schemas/). Every attribute is optional, as on the device;
 * the types describe records whose `valid` is true.
 */
import type { EventRecord, JetEvent } from './record.js';

export interface JetEventHeader {
  'event-id': string;
  hostname: string;
  /** Device-local time, `YYYY-MM-DD-HH:MM:SS`, no zone. */
  time: string;
  /** `info` and `INFO` are both seen. */
  severity: string;
  facility: string;
  'process-id'?: number;
  'process-name'?: string;
  message?: string;
}

export type JetEventOf<Attributes> = JetEventHeader & { attributes?: Attributes } & Record<string, unknown>;

/** Kernel counters are non-negative integers; `flags` is a bitmask with no public table. */
export interface IfdAttributes { name?: string; 'snmp-id'?: number; flags?: number }
export interface IflAttributes extends IfdAttributes { subunit?: number }
export interface IffAttributes { name?: string; subunit?: number; family?: string; 'table-name'?: string | number; flags?: number }
export interface IfaAttributes {
  name?: string; subunit?: number; family?: string;
  /** `addr/len` strings; broadcast may be absent for inet6. */
  'local-address'?: string; 'destination-address'?: string; 'broadcast-address'?: string;
  'generation-number'?: number; flags?: number;
}
export interface FirewallAttributes {
  name?: string; version?: number; 'client-id'?: number; 'filter-type'?: string; protocol?: string;
  'interface-name'?: string; flags?: number;
}
export interface RouteAttributes {
  'table-name'?: string; 'logical-router-name'?: string; 'address-family'?: string; 'route-type'?: string;
  'route-prefix'?: string; flags?: number;
  /** The next-hop key name is not documented; `nexthop-address` is the assumed one. */
  'nexthop-address'?: string | string[];
}
export interface RouteTableAttributes { name?: string; 'logical-router-name'?: string; 'address-family'?: string; flags?: number }
/** Syslog attribute values are strings, even when numeric. */
export type SyslogAttributes = Record<string, string>;

export interface ConfigUpdateEvent {
  /** XML text with `configuration-diff-format xml`, else the changed configuration as JSON. */
  'commit-patch': string | Record<string, unknown>;
}

type Typed<K extends EventRecord['kind'], E> = Omit<EventRecord, 'kind' | 'event'> & { kind: K; event: E | null };

export type IfdRecord = Typed<'ifd', JetEventOf<IfdAttributes>>;
export type IflRecord = Typed<'ifl', JetEventOf<IflAttributes>>;
export type IffRecord = Typed<'iff', JetEventOf<IffAttributes>>;
export type IfaRecord = Typed<'ifa', JetEventOf<IfaAttributes>>;
export type FirewallRecord = Typed<'firewall', JetEventOf<FirewallAttributes>>;
export type RouteRecord = Typed<'route', JetEventOf<RouteAttributes>>;
export type RouteTableRecord = Typed<'route-table', JetEventOf<RouteTableAttributes>>;
export type SyslogRecord = Typed<'syslog', JetEventOf<SyslogAttributes>>;
export type ConfigUpdateRecord = Typed<'config-update', ConfigUpdateEvent>;
export type OtherRecord = Typed<'other', JetEvent>;

/** An event record, discriminated on `kind`. */
export type JetRecord =
  | IfdRecord | IflRecord | IffRecord | IfaRecord | FirewallRecord | RouteRecord | RouteTableRecord
  | SyslogRecord | ConfigUpdateRecord | OtherRecord;

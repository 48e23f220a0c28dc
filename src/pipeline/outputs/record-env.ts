/**
 * What --exec's command gets besides stdin: the record as JETSUB_* environment variables, on
 * top of the user's environment without any JETSUB_* of its own (so a variable that is unset
 * is one the record does not have, never a leftover, and JETSUB_PASSWORD is not handed on).
 * Pure; the list is in docs/exec.md.
 */
import type { PipelineRecord } from '../types.js';

/** The user's environment less every JETSUB_* variable: the base of every command's environment. */
export function stripJetsubEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !name.startsWith('JETSUB_')) base[name] = value;
  }
  return base;
}

/** The record's variables: JETSUB_TYPE and JETSUB_DEVICE always, the rest where the record has them. */
export function describeRecordEnv(record: PipelineRecord): Record<string, string> {
  const vars: Record<string, unknown> = { TYPE: record.type, DEVICE: record.device };
  if (record.type === 'gap') {
    Object.assign(vars, { FROM: record.from, TO: record.to });
  } else if (record.type === 'flaps') {
    Object.assign(vars, {
      INTERFACE: record.interface, FLAPS: record.flaps, EVENTS: record.events, STATE: record.state, FROM: record.from, TO: record.to,
      WINDOW_S: record.window_s,
    });
  } else {
    const event = record.event ?? {};
    Object.assign(vars, {
      TOPIC: record.topic, KIND: record.kind, ACTION: record.action, RECEIVED_AT: record.received_at, VALID: record.valid,
      DUPLICATE: record.duplicate,
      HOSTNAME: event.hostname, SEVERITY: event.severity, EVENT_ID: record.topic_fields.event_id ?? event['event-id'],
    });
    for (const [field, value] of Object.entries(record.topic_fields)) {
      if (field !== 'event_id') vars[field.toUpperCase()] = value;
    }
  }
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) {
    // A NUL cannot be passed in an environment; payload text can hold one.
    if (isShown(value)) env[`JETSUB_${name}`] = String(value).replaceAll('\0', '');
  }
  return env;
}

function isShown(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

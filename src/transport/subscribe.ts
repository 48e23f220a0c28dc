/**
 * Subscribing on a connection: the request for every filter, what the broker granted for
 * each (a partial refusal is not a failure), reported as typed events (./events.ts).
 */
import type { ISubscriptionGrant, MqttClient } from 'mqtt';
import { ConnectionError } from '../errors.js';
import type { ConnectionEvent } from './events.js';
import { isSubscriptionRejected } from './reasons.js';

export type SubscribeOutcome = 'subscribed' | 'refused' | ConnectionError;

export interface SubscribeRequest {
  filters: readonly string[];
  qos: 0 | 1 | 2;
  device: string;
  /** The broker, as status lines name it (formatTarget). */
  where: string;
}

/** Subscribes to every filter; `done` says whether any was granted, or why subscribing failed. */
export function subscribeFilters(
  client: MqttClient, { filters, qos, device, where }: SubscribeRequest,
  report: (event: ConnectionEvent) => void, done: (outcome: SubscribeOutcome) => void,
): void {
  const request = Object.fromEntries(filters.map((f) => [f, { qos }]));
  client.subscribe(request, (error, requested, suback) => {
    const grants = readGrants(error, requested, suback);
    if (grants === null) return done(new ConnectionError(`subscribing failed on ${where}: ${error?.message ?? 'no SUBACK'}`));
    // mosquitto writes the SUBACK and the retained messages separately, and Nagle holds the
    // retained ones until the SUBACK is acknowledged, which the kernel delays ~40 ms while we
    // have nothing to send. A PINGREQ at once carries that ACK: retained events arrive ~45 ms
    // sooner (BENCHMARKS.md). mosquitto_sub waits the 40 ms.
    client.sendPing();
    for (const grant of grants) report({ type: 'subscribed', device, filter: grant.topic, qos: grant.qos });
    done(grants.length > 0 && grants.every(isSubscriptionRejected) ? 'refused' : 'subscribed');
  });
}

/**
 * Each filter with what the broker granted. mqtt.js reports a SUBACK that refuses any filter
 * as an error, with the granted codes still in the packet: a partial refusal is not a failure.
 */
function readGrants(
  error: Error | null, requested: ISubscriptionGrant[] | undefined, suback: { granted?: unknown[] } | undefined,
): { topic: string; qos: number }[] | null {
  if (!error) return requested ?? [];
  const codes = suback?.granted;
  if (requested === undefined || codes === undefined || codes.length !== requested.length) return null;
  return requested.map((sub, i) => {
    const code = codes[i];
    return { ...sub, qos: typeof code === 'number' ? code : 0x80 };
  });
}

/**
 * `--dedupe`: drops a broker's redelivery of a message jetsub has already passed on.
 *
 * What identifies a redelivery: the MQTT DUP flag AND the same device, topic and payload
 * among the last `windowSize` messages. Neither alone is enough:
 * - DUP alone: a broker also sets DUP on the first copy jetsub ever sees, when the earlier
 *   send died with the connection; dropping it would lose the event.
 * - the payload alone: two identical events in one second (a link flapping twice; Junos
 *   times have whole seconds) are two events, and come without DUP.
 * Redeliveries are the broker's in-flight window at the moment the connection broke (20
 * messages by default in mosquitto), so a window of thousands catches them with margin.
 * Memory is bounded: a fixed number of 20-byte digests, the oldest forgotten first.
 */
import { createHash } from 'node:crypto';

/** Messages remembered; ~0.1 KiB each, so ~1 MiB at most. */
export const DEDUPE_WINDOW = 10_000;

export interface Deduper {
  /** Remembers the message; true when it is a redelivery of one remembered before. */
  isRedelivery(device: string, topic: string, payload: Uint8Array, duplicate: boolean): boolean;
  /** How many messages are remembered (never more than the window). */
  readonly size: number;
}

function digest(device: string, topic: string, payload: Uint8Array): string {
  return createHash('sha1').update(device).update('\0').update(topic).update('\0').update(payload).digest('base64');
}

export function createDeduper(windowSize = DEDUPE_WINDOW): Deduper {
  /** digest → how many of the remembered messages have it. */
  const counts = new Map<string, number>();
  /** The remembered digests in arrival order, as a ring. */
  const ring: string[] = new Array<string>(windowSize);
  let next = 0;
  let size = 0;

  function remember(key: string): void {
    if (size === windowSize) {
      const oldest = ring[next]!;
      const left = counts.get(oldest)! - 1;
      if (left === 0) counts.delete(oldest);
      else counts.set(oldest, left);
    } else {
      size += 1;
    }
    ring[next] = key;
    next = (next + 1) % windowSize;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  return {
    isRedelivery(device, topic, payload, duplicate) {
      const key = digest(device, topic, payload);
      if (duplicate && counts.has(key)) return true;
      remember(key);
      return false;
    },
    get size() {
      return size;
    },
  };
}

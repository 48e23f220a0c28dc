/**
 * The MQTT client id of each connection of a stream. A broker keeps one session per client
 * id and closes the older connection when a second one arrives with the same id, so the
 * connections of a fleet must never share one — and jetsub cannot tell, from host names and
 * ports, which of them end on the same broker: one mosquitto may listen on many ports
 * (a `listener` line each), and a central broker is often reached under several names.
 */
import type { Target } from '../transport/target.js';

/**
 * One target: the id as given (a --session or -i the user chose). Several: every connection
 * gets `<id>-<device>`, distinct because device names are (resolveTargets refuses a device
 * given twice), and the same from one run to the next, so that persistent sessions survive
 * a restart.
 */
export function assignClientIds(targets: readonly Target[], clientId: string): string[] {
  if (targets.length <= 1) return targets.map(() => clientId);
  return targets.map((t) => `${clientId}-${t.device}`);
}

/**
 * MQTT.js's keepalive, told what it cannot see. It sends a PINGREQ a keepalive after the last
 * acknowledgement and, from half a keepalive later, ends the connection at every tick (half a
 * keepalive) until a PINGRESP comes. It takes no PUBLISH for a sign of life, and it ticks on
 * while jetsub does not read the socket (the output is behind: connection.ts pauses). A
 * PINGRESP waiting unread behind a backlog of events was then taken for a dead broker, and
 * the backlog was lost with the connection (issue 17: the slow reader under load).
 *
 * Here a timeout is let through only while the socket is read and nothing came for a whole
 * tick: a hung broker or a dead path is still noticed 1 to 1.5 keepalives after its last
 * packet (docs/reliability.md), and a broker that keeps sending is never given up. Until
 * the answer comes, a PINGREQ goes at every tick, so that the broker knows we are alive.
 */
import type { MqttClient } from 'mqtt';

export interface KeepaliveHold {
  /** Reading stops (the output is behind): the broker's silence cannot be told meanwhile. */
  pause(): void;
  /** Reading goes on: silence counts again from now. */
  resume(): void;
}

/** `lastPacketAt`: when the last packet was received (ms). */
export function holdKeepalive(client: MqttClient, lastPacketAt: () => number): KeepaliveHold {
  let paused = false;
  let resumedAt = 0;
  const timeout = client.onKeepaliveTimeout.bind(client);
  client.onKeepaliveTimeout = () => {
    const tickMs = client.keepalive * 500;
    if (!paused && Date.now() - Math.max(lastPacketAt(), resumedAt) >= tickMs) return timeout();
    // Still waiting for the answer: the broker, too, wants a packet from us within 1.5
    // keepalives, or it closes the connection (mosquitto does).
    client.sendPing();
  };
  return {
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      resumedAt = Date.now();
    },
  };
}

/**
 * The fleet bench's floor: what Node itself costs to hold the same connections and read the
 * same trickle, with none of jetsub. Not a subscriber anyone should use: MQTT 3.1.1 CONNECT
 * and SUBSCRIBE written by hand, no keepalive, no reconnect, no validation, no checks.
 *
 *   node build/bench/bare-subscriber.js <hosts-file> <filter> <client-id prefix> read|parse
 *
 * - `read`: every socket read and its bytes dropped: Node's own cost per message (the event
 *   loop, one read per message, the Buffer it arrives in).
 * - `parse`: also each PUBLISH framed, its payload decoded and JSON.parse'd, and one NDJSON
 *   line per event (device, topic, the event's text) written to stdout, the lines of one turn
 *   of the event loop in one write: the least any subscriber that prints what it parsed does.
 *
 * The hosts file is jetsub's `--hosts-file` format as bench/fleet.ts writes it (`name=host:port`).
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

const [hostsFile, filter, idPrefix, mode] = process.argv.slice(2);
if (hostsFile === undefined || filter === undefined || idPrefix === undefined || (mode !== 'read' && mode !== 'parse')) {
  process.stderr.write('usage: bare-subscriber <hosts-file> <filter> <client-id prefix> read|parse\n');
  process.exit(2);
}

/** An MQTT string: two length bytes, then UTF-8. */
function mqttString(text: string): Buffer {
  const bytes = Buffer.from(text);
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
}

/** A packet with a one-byte remaining length (every packet here is under 128 bytes). */
function packet(first: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([first, body.length]), body]);
}

let lines: string[] = [];
let scheduled = false;
const flush = (): void => {
  scheduled = false;
  process.stdout.write(lines.join(''));
  lines = [];
};

/** Every whole QoS 0 PUBLISH in `chunk` to one line (a trickle's packets arrive whole, one per read). */
function parsePublishes(device: string, chunk: Buffer): void {
  for (let i = 0; i < chunk.length;) {
    let length = 0;
    let multiplier = 1;
    let at = i + 1;
    for (; ; at++) {
      length += (chunk[at]! & 0x7f) * multiplier;
      if ((chunk[at]! & 0x80) === 0) break;
      multiplier *= 128;
    }
    const end = at + 1 + length;
    if (chunk[i]! >> 4 === 3) {
      const topicEnd = at + 3 + chunk.readUInt16BE(at + 1);
      const topic = chunk.toString('utf8', at + 3, topicEnd);
      const text = chunk.toString('utf8', topicEnd, end);
      JSON.parse(text);
      lines.push(`{"device":${JSON.stringify(device)},"topic":${JSON.stringify(topic)},"event":${text}}\n`);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    }
    i = end;
  }
}

const devices = readFileSync(hostsFile, 'utf8').trim().split('\n').map((line) => {
  const [name, address] = line.split('=') as [string, string];
  const colon = address.lastIndexOf(':');
  return { name, host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
});
for (const [index, device] of devices.entries()) {
  const socket = connect({ host: device.host, port: device.port });
  // CONNECT: protocol MQTT level 4, clean session, keepalive 0 (off); SUBSCRIBE: packet id 1, QoS 0.
  socket.write(packet(0x10, Buffer.concat([mqttString('MQTT'), Buffer.from([4, 0x02, 0, 0]), mqttString(`${idPrefix}-${index}`)])));
  socket.write(packet(0x82, Buffer.concat([Buffer.from([0, 1]), mqttString(filter), Buffer.from([0])])));
  if (mode === 'read') socket.on('data', () => undefined);
  else socket.on('data', (chunk: Buffer) => parsePublishes(device.name, chunk));
  socket.on('error', (error) => process.stderr.write(`bare-subscriber: ${device.name}: ${error.message}\n`));
}
process.on('SIGTERM', () => process.exit(0));

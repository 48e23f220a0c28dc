/**
 * The socket as MQTT.js sees it on the QoS 0 fast path: a Duplex in front of the real
 * socket whose readable side carries only what the framer (./publish-frames.ts) hands on —
 * everything but the QoS 0 PUBLISH packets, which go straight to `onPublish`. Writes,
 * errors, the end and the close pass through unchanged, so MQTT.js runs the session
 * (CONNECT, SUBSCRIBE, keepalive, reconnects) exactly as over the socket itself.
 */
import { Duplex } from 'node:stream';
import { createPublishFramer, type PublishFramer } from './publish-frames.js';

export interface FramedStream {
  stream: Duplex;
  framer: PublishFramer;
  /** Stop reading (the output is behind); held packets wait in the framer. */
  pause(): void;
  resume(): void;
}

export function createFramedStream(socket: Duplex, onPublish: (topic: string, payload: Buffer) => void): FramedStream {
  let backedUp = false;
  const framer = createPublishFramer({
    onPublish,
    onOther(bytes) {
      if (!stream.push(bytes)) {
        backedUp = true;
        socket.pause();
      }
    },
  });
  const stream: Duplex = new Duplex({
    read() {
      backedUp = false;
      if (!framer.paused) socket.resume();
    },
    write(chunk: Buffer, _encoding, done) {
      socket.write(chunk, done);
    },
    final(done) {
      socket.end(done);
    },
    destroy(error, done) {
      socket.destroy();
      done(error);
    },
  });
  socket.on('data', (chunk: Buffer) => framer.feed(chunk));
  socket.on('end', () => stream.push(null));
  socket.on('error', (error) => stream.destroy(error));
  socket.on('close', () => stream.destroy());
  return {
    stream,
    framer,
    pause() {
      framer.pause();
      socket.pause();
    },
    resume() {
      framer.resume();
      if (!framer.paused && !backedUp) socket.resume();
    },
  };
}

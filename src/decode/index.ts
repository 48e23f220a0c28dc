export { decodePayload, unwrapEvent } from './payload.js';
export type { Decoded } from './payload.js';
export { cutEventText } from './event-text.js';

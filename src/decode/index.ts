export { decodePayload, unwrapEvent, isJsonObject } from './payload.js';
export type { Decoded } from './payload.js';
export { cutEventText } from './event-text.js';

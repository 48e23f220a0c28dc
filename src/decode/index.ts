export { decodePayload, unwrapEvent } from './payload.js';
export type { Decoded } from './payload.js';
export { escapeControls, truncateText } from './escape.js';
export { cutEventText } from './event-text.js';

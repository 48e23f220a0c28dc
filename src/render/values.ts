/**
 * Turning payload values into short, terminal-safe text: every string that leaves this
 * file has been through escapeControl.
 */
import { escapeControl } from './escape.js';

/** No single value takes more than this many characters on a line (payloads can be huge). */
const MAX_VALUE_LENGTH = 500;

/** `text` cut to `max` characters with an ellipsis, never splitting a surrogate pair. */
function clip(text: string, max = MAX_VALUE_LENGTH): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Untrusted text made short and safe to print. */
export function showText(text: string): string {
  return escapeControl(clip(text));
}

/** Kernel flags are a bitmask with no public bit table: decimal and hex, `192 (0xc0)`. */
function formatFlags(flags: number): string {
  return `${flags} (0x${flags.toString(16)})`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)}MiB`;
}

const NEEDS_QUOTES = /[\s"=]|^$/;

/** A string value for `key=value`: quoted when it holds spaces, quotes or `=`. */
function showString(text: string): string {
  if (!NEEDS_QUOTES.test(text)) return showText(text);
  return `"${showText(text.replace(/["\\]/g, '\\$&'))}"`;
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Any JSON value as one short piece of text. */
export function formatValue(key: string, value: unknown): string {
  if (key === 'flags' && isNonNegativeInteger(value)) return formatFlags(value);
  if (typeof value === 'string') return showString(value);
  if (Array.isArray(value)) return value.map((item) => formatValue('', item)).join(',');
  if (value !== null && typeof value === 'object') return showText(JSON.stringify(value));
  return String(value);
}

/** `key=value`, both sides safe. */
export function formatPair(key: string, value: unknown): string {
  return `${showText(key)}=${formatValue(key, value)}`;
}

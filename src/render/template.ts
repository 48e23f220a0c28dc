/**
 * -F templates, as mosquitto_sub users know them: `%` placeholders where they mean the same
 * thing in jetsub (`%t` topic, `%p` payload, `%I` time, widths like `%-30t`), `@X` for
 * strftime conversions of the received time, `\n`-style escapes, plus `%{path}` for any
 * field of the record (`%{device}`, `%{topic_fields.interface}`, `%{event.attributes.interface-name}`).
 * Parsed once at start-up into parts; every value taken from a record is made terminal-safe
 * (escape.ts). See docs/output.md.
 */
import type { EventRecord, StreamRecord } from '../record.js';
import { ExpressionError, type Path, parsePath, readPath } from '../filter/index.js';
import { escapeControl } from './escape.js';
import { STRFTIME } from './strftime.js';
import type { Renderer, RenderOptions, Template, TemplatePart as Part } from './types.js';

interface Format {
  left: boolean;
  zero: boolean;
  width: number;
  precision: number | undefined;
}

const BACKSLASH: Readonly<Record<string, string>> = { '\\': '\\', '0': '\0', a: '\x07', e: '\x1b', n: '\n', r: '\r', t: '\t', v: '\v' };

const JSON_LINE = "mosquitto_sub's JSON line (jetsub's is -o ndjson; %{event} prints the event)";

/** mosquitto_sub's placeholders that have no meaning here, and why. */
const MOSQUITTO_ONLY: Readonly<Record<string, string>> = {
  A: 'an MQTT 5 property (topic alias)', C: 'an MQTT 5 property (content type)', D: 'an MQTT 5 property (correlation data)',
  E: 'an MQTT 5 property (message expiry)', F: 'an MQTT 5 property (payload format)', P: 'an MQTT 5 property (user properties)',
  R: 'an MQTT 5 property (response topic)', S: 'an MQTT 5 property (subscription id)',
  m: 'the message id', q: 'the QoS', r: 'the retained flag',
  j: JSON_LINE, J: JSON_LINE,
};

const PAYLOAD_HEX = (upper: boolean) => (r: EventRecord) => {
  const hex = payloadBytes(r).toString('hex');
  return upper ? hex.toUpperCase() : hex;
};

/** The placeholders jetsub fills: [what it is, the value]. Values from the record are escaped. */
const PLACEHOLDERS: Readonly<Record<string, (record: EventRecord, time: Date) => string>> = {
  t: (r) => escapeControl(r.topic),
  p: (r) => escapeControl(payloadBytes(r).toString('utf8')),
  l: (r) => String(payloadBytes(r).length),
  x: PAYLOAD_HEX(false),
  X: PAYLOAD_HEX(true),
  I: (r) => r.received_at,
  U: (_r, time) => (time.getTime() / 1000).toFixed(3),
};

export function parseTemplate(text: string): Template {
  const parts: Part[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push(literal);
    literal = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\') {
      const next = text[i + 1];
      const value = next === undefined ? undefined : BACKSLASH[next];
      if (value === undefined) {
        const what = next === undefined ? '\\ at the end' : `\\${next}`;
        throw new ExpressionError(i + 1, `unknown escape ${what} (known: \\\\ \\0 \\a \\e \\n \\r \\t \\v)`);
      }
      literal += value;
      i += 2;
    } else if (ch === '@') {
      const next = text[i + 1];
      if (next === '@') literal += '@';
      else {
        const convert = next === undefined ? undefined : STRFTIME[next];
        if (convert === undefined) {
          const what = next === undefined ? '@ at the end' : `@${next}`;
          const known = Object.keys(STRFTIME).map((k) => `@${k}`).join(' ');
          throw new ExpressionError(i + 1, `${what} is not a time conversion jetsub knows (${known}; @@ for a literal @)`);
        }
        flush();
        parts.push((_r, time) => convert(time));
      }
      i += 2;
    } else if (ch === '%') {
      if (text[i + 1] === '%') {
        literal += '%';
        i += 2;
        continue;
      }
      flush();
      const [part, next] = parsePlaceholder(text, i);
      parts.push(part);
      i = next;
    } else {
      literal += ch;
      i++;
    }
  }
  flush();
  return { text, parts };
}

function parsePlaceholder(text: string, start: number): [Part, number] {
  const spec = /%([-0]*)(\d*)(?:\.(\d+))?/y;
  spec.lastIndex = start;
  const match = spec.exec(text)!;
  const format: Format = {
    left: match[1]!.includes('-'), zero: match[1]!.includes('0'), width: Number(match[2] || 0),
    precision: match[3] === undefined ? undefined : Number(match[3]),
  };
  const i = start + match[0].length;
  const letter = text[i];
  if (letter === '{') {
    const close = findClosingBrace(text, i + 1);
    if (close < 0) throw new ExpressionError(i + 1, "the %{ opened here has no closing '}'");
    const path = parseTemplatePath(text.slice(i + 1, close), i + 1);
    return [applyFormat((r) => formatValue(readPath(r, path.steps)), format), close + 1];
  }
  const fill = letter === undefined ? undefined : PLACEHOLDERS[letter];
  if (fill === undefined) {
    const why = letter === undefined ? undefined : MOSQUITTO_ONLY[letter];
    throw new ExpressionError(i + 1, why
      ? `%${letter} is ${why} in mosquitto_sub, which jetsub's record does not carry`
      : `${letter === undefined ? '% at the end' : `%${letter}`} is not a placeholder (%t %p %l %x %X %I %U %{path}; %% for a literal %)`);
  }
  return [applyFormat(fill, letter === 'l' ? format : { ...format, zero: false }), i + 1];
}

/** The `}` that ends `%{...}`, skipping quoted keys (`%{event.attributes["a}b"]}`). */
function findClosingBrace(text: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== null) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '}') return i;
  }
  return -1;
}

function parseTemplatePath(inner: string, offset: number): Path {
  try {
    return parsePath(inner);
  } catch (error) {
    if (error instanceof ExpressionError) throw new ExpressionError(error.column + offset, error.problem);
    throw error;
  }
}

function applyFormat(fill: (record: EventRecord, time: Date) => string, format: Format): Part {
  if (format.width === 0 && format.precision === undefined) return fill;
  return (record, time) => {
    let value = fill(record, time);
    if (format.precision !== undefined) value = value.slice(0, format.precision);
    if (value.length >= format.width) return value;
    return format.left ? value.padEnd(format.width) : value.padStart(format.width, format.zero ? '0' : ' ');
  };
}

/** A value at a path as text: strings as they are, numbers and booleans as JSON spells them, objects as compact JSON, nothing as ''. */
function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return escapeControl(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return escapeControl(JSON.stringify(value) ?? '');
}

function payloadBytes(record: EventRecord): Buffer {
  return record.payload ?? Buffer.from(record.raw ?? JSON.stringify(record.event), 'utf8');
}

export function createTemplateRenderer(options: RenderOptions): Renderer {
  const template = options.template;
  if (template === undefined) throw new Error('the template renderer needs a template (-F)');
  let lastIso = '';
  let lastTime = new Date(0);
  return {
    render(record: StreamRecord): string {
      if (record.type === 'gap') return '';
      if (record.received_at !== lastIso) {
        lastIso = record.received_at;
        lastTime = new Date(lastIso);
      }
      let line = '';
      for (const part of template.parts) line += typeof part === 'string' ? part : part(record, lastTime);
      return `${line}\n`;
    },
  };
}

/**
 * A one-line summary of a configuration diff (`{"commit-patch": ...}` on
 * /junos/events/genpub/config-update): the first changed path and the diff's size.
 * The XML form marks changes with `nc:operation="create|delete"`; the JSON form is the
 * changed configuration itself, so its first leaf is the first change.
 */
import { formatBytes } from './values.js';

export interface PatchSummary {
  /** `interfaces/interface ge-0/0/3`: element names from the root, plus the entry's name. Unescaped. */
  path: string;
  /** `format=xml size=142B operation=create`. */
  details: string;
}

const ROOT = 'configuration';
const MAX_DEPTH = 16;
const TAG = /<(\/?)([A-Za-z_][\w:.-]*)([^>]*?)(\/?)>/g;
const OPERATION = /\boperation\s*=\s*["']([\w-]+)["']/;
const NAME_CHILD = /\s*<name>([^<]*)<\/name>/y;
const NEXT_IS_TAG = /\s*</y;

/** Runs a sticky pattern at `index` without slicing the (possibly large) text. */
function execAt(pattern: RegExp, text: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(text);
}

interface Change {
  path: string[];
  operation?: string;
  name?: string;
}

/** The first element carrying an operation, else the first leaf element. */
function findXmlChange(xml: string): Change | undefined {
  const stack: string[] = [];
  let firstLeaf: Change | undefined;
  for (const match of xml.matchAll(TAG)) {
    const [whole, closing, name = '', attributes = '', selfClosing] = match;
    if (closing !== '') {
      stack.pop();
      continue;
    }
    const path = [...stack, name].filter((part, index) => index > 0 || part !== ROOT);
    const end = (match.index ?? 0) + whole.length;
    const operation = OPERATION.exec(attributes)?.[1];
    if (operation !== undefined) {
      return { path, operation, name: execAt(NAME_CHILD, xml, end)?.[1] };
    }
    const isLeaf = selfClosing !== '' || execAt(NEXT_IS_TAG, xml, end) === null;
    if (firstLeaf === undefined && isLeaf) firstLeaf = { path };
    if (selfClosing === '') stack.push(name);
  }
  return firstLeaf;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Follows the first key down to a leaf; `@` keys carry Junos metadata such as the operation. */
function findJsonChange(patch: Record<string, unknown>): Change {
  const change: Change = { path: [] };
  let node: unknown = patch;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    if (Array.isArray(node)) node = node[0];
    if (!isObject(node)) break;
    const meta = node['@'];
    if (isObject(meta) && typeof meta.operation === 'string') change.operation ??= meta.operation;
    if (typeof node.name === 'string' && change.path.length > 0) change.name ??= node.name;
    const key = Object.keys(node).find((candidate) => !candidate.startsWith('@') && candidate !== 'name');
    if (key === undefined) break;
    if (!(depth === 0 && key === ROOT)) change.path.push(key);
    node = node[key];
  }
  return change;
}

function describeChange(change: Change | undefined): string {
  if (change === undefined) return '';
  const path = change.path.join('/');
  return change.name === undefined ? path : `${path} ${change.name}`;
}

export function summarizeCommitPatch(patch: unknown): PatchSummary {
  if (typeof patch === 'string') {
    const change = findXmlChange(patch);
    const operation = change?.operation === undefined ? '' : ` operation=${change.operation}`;
    return {
      path: describeChange(change),
      details: `format=xml size=${formatBytes(Buffer.byteLength(patch))}${operation}`,
    };
  }
  if (isObject(patch)) {
    const change = findJsonChange(patch);
    const operation = change.operation === undefined ? '' : ` operation=${change.operation}`;
    return {
      path: describeChange(change),
      details: `format=json size=${formatBytes(Buffer.byteLength(JSON.stringify(patch)))}${operation}`,
    };
  }
  return { path: '', details: patch === undefined ? 'no commit-patch' : `commit-patch=${typeof patch}` };
}

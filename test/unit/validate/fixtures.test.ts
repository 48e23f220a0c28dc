/**
 * [fixture, expected verdict] for every line of test/fixtures/*.ndjson: bytes → decodePayload →
 * check(kind of the topic). A fixture without a row here, or a row without a fixture, fails.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePayload } from '../../../src/decode/index.js';
import { CATALOG } from '../../../src/topics/catalog.js';
import type { Kind } from '../../../src/topics/catalog.js';
import { createValidator } from '../../../src/validate/index.js';
import { readFixtures, toBytes } from '../../helpers/fixtures.js';
import type { Fixture } from '../../helpers/fixtures.js';

type Expected =
  | { valid: true; warnings: string[] }
  | { valid: false; errors: [pointer: string, message: string][]; warnings: string[] }
  | { notJson: RegExp };

const VALID: Expected = { valid: true, warnings: [] };
const ATTRIBUTES = '/jet-event/attributes';
const warns = (...pointers: string[]): Expected => ({ valid: true, warnings: pointers });
const invalid = (pointer: string, message: string, ...warnings: string[]): Expected =>
  ({ valid: false, errors: [[pointer, message]], warnings });
const notJson = (reason: RegExp): Expected => ({ notJson: reason });

const SEVERITY = 'must be a severity (emergency, alert, critical, error, warning, notice, info or debug, in any case)';
const TIME = 'must be a time as YYYY-MM-DD-HH:MM:SS (or date-only YYYY-MM-DD)';
const PREFIX = 'must be an address/length (IPv4 or IPv6)';
const COUNTER = 'must be a non-negative integer';
const A = '/jet-event/attributes';

const EXPECTED: Record<string, Expected> = {
  // jet-events.ndjson (shared with the domain doc)
  'documented IFD add shape': VALID,
  'IFD change': VALID,
  'single-level interface name': VALID,
  'IFL: name is the ifd, unit in subunit': VALID,
  'IFL on a one-level ifd': VALID,
  IFF: VALID,
  'captured on vQFX 17.4 (topic and payload from two runs; upper-case severity)': VALID,
  'IPv6 address, no broadcast': VALID,
  'firewall: documented attribute list, event id assumed': VALID,
  'route: documented attribute list, event id and next-hop key assumed': VALID,
  'IPv6 route topic': VALID,
  'route-table: assumed shape': VALID,
  'captured on vMX 17.1 (note the escaped slash)': VALID,
  'link down syslog; attribute values are strings': VALID,
  'commit syslog': VALID,
  "the broker's own connection chatter": VALID,
  'config diff, xml format: no jet-event wrapper': VALID,
  'config diff as a JSON object': VALID,
  'trailing NUL after the JSON': VALID,
  'not JSON at all: clients can publish here': notJson(/^not JSON: Unexpected token 'T'$/),
  'truncated JSON': notJson(/^not JSON: Expected ',' or '}' after property value in JSON at position 67\b/),
  // allErrors is off: the first bad counter is reported, not "flags" after it.
  'schema violation: counters must be integers': invalid(`${A}/snmp-id`, 'must be integer, got "five hundred"'),
  'schema violation: time missing': invalid('/jet-event/time', 'is required'),
  'terminal escape sequences inside syslog text: must not reach the terminal raw': VALID,

  // extra-events.ndjson
  'ifd without attributes: valid, with a warning': warns(ATTRIBUTES),
  'IPv6 link-local ifa, no broadcast address': VALID,
  'IPv4-mapped IPv6 address, destination and broadcast absent (lo0-like)': VALID,
  'upper-case severity WARNING': VALID,
  'mixed-case severity Info': VALID,
  'bad severity': invalid('/jet-event/severity', `${SEVERITY}, got "verbose"`),
  'severity with a valid prefix is still bad': invalid('/jet-event/severity', `${SEVERITY}, got "informational"`),
  'date-only time (one documentation example)': VALID,
  'time with slashes and a space': invalid('/jet-event/time', `${TIME}, got "2026/11/24 09:15:02"`),
  'time with month 13': invalid('/jet-event/time', `${TIME}, got "2026-13-24-09:15:02"`),
  'time as epoch number': invalid('/jet-event/time', 'must be string, got 1764000000'),
  'syslog attribute value that is a number': invalid(`${A}/pid`, 'must be string, got 12422'),
  'syslog numeric attribute as a string': VALID,
  'syslog process-id as a string': invalid('/jet-event/process-id', 'must be integer, got "13614"'),
  'syslog negative process-id': invalid('/jet-event/process-id', `${COUNTER}, got -1`),
  'generic KERNEL syslog id with just a message attribute': VALID,
  'syslog without attributes: warning': warns(ATTRIBUTES),
  'syslog attribute key with a slash and a tilde (pointer escaping)': invalid(`${A}/a~1b~0c`, 'must be string, got 7'),
  'bad severity holding terminal control sequences':
    invalid('/jet-event/severity', `${SEVERITY}, got "\\u009b2J\\u001b]0;owned\\u0007"`),
  'bad severity that is a 16 KiB string': invalid('/jet-event/severity', `${SEVERITY}, got "${'x'.repeat(40)}…"`),
  'huge 100 KiB syslog message': VALID,
  'config-update JSON object with a list': VALID,
  'config-update XML delete': VALID,
  'config-update commit-patch that is a number': invalid('/commit-patch', 'must be string or object, got 42'),
  'config-update without commit-patch': invalid('/commit-patch', 'is required'),
  'config-update wrapped in jet-event by mistake': invalid('/commit-patch', 'is required'),
  // Refused at decoding: JSON.stringify and the renderers overflow the stack at this depth.
  'deeply nested JSON (5000 levels) inside commit-patch': notJson(/^JSON nested deeper than 512 levels$/),
  'BOM and trailing whitespace': VALID,
  'leading whitespace, trailing newline and NULs': VALID,
  'empty payload': notJson(/^empty payload$/),
  'only a BOM, whitespace and a NUL': notJson(/^empty payload$/),
  'JSON array': invalid('', 'must be object, got an array'),
  'JSON null': invalid('', 'must be object, got null'),
  'JSON string instead of an object': invalid('', 'must be object, got "<configuration/>"'),
  'JSON followed by garbage': notJson(/^not JSON: Unexpected non-whitespace character after JSON at position 194\b/),
  'not JSON, starting with a terminal escape': notJson(/^not JSON: Unexpected token '\\u001b'$/),
  'not JSON: raw control character inside a string': notJson(/^not JSON: Bad control character in string literal in JSON at position 26\b/),
  'ifa address without a length': invalid(`${A}/local-address`, `${PREFIX}, got "192.0.2.1"`),
  'ifa address with an octet out of range': invalid(`${A}/destination-address`, `${PREFIX}, got "192.0.300.0/24"`),
  'ifa IPv6 length 129': invalid(`${A}/local-address`, `${PREFIX}, got "2001:db8::1/129"`),
  'ifa generation-number as a string': invalid(`${A}/generation-number`, 'must be integer, got "144"'),
  'ifd negative snmp-id': invalid(`${A}/snmp-id`, `${COUNTER}, got -5`),
  'ifd name that is a number': invalid(`${A}/name`, 'must be string, got 42'),
  'ifl subunit as a string': invalid(`${A}/subunit`, 'must be integer, got "100"'),
  'iff table-name as a number': VALID,
  'iff table-name as a boolean': invalid(`${A}/table-name`, 'must be string or integer, got true'),
  'firewall version as a string': invalid(`${A}/version`, 'must be integer, got "v3"'),
  'route next hop as a single string': VALID,
  'route next hop as a number': invalid(`${A}/nexthop-address`, 'must be string or array, got 3221225985'),
  'route next-hop list holding a number': invalid(`${A}/nexthop-address/1`, 'must be string, got 3221225989'),
  'route next hops under an unknown key: unconstrained': VALID,
  'route-prefix without a length': invalid(`${A}/route-prefix`, `${PREFIX}, got "10.20.0.0"`),
  'route-table flags not an integer': invalid(`${A}/flags`, 'must be integer, got 1.5'),
  'lower-case event-id': invalid('/jet-event/event-id', 'must be an UPPER_SNAKE event id, got "kernel_event_ifd_change"'),
  'hostname missing': invalid('/jet-event/hostname', 'is required'),
  'time and attributes missing: error and warning': invalid('/jet-event/time', 'is required', ATTRIBUTES),
  'jet-event that is a string': invalid('/jet-event', 'must be object, got "KERNEL_EVENT_IFD_CHANGE"'),
  'attributes that is an array': invalid(ATTRIBUTES, 'must be object, got an array'),
  'unknown header fields and attributes are allowed': VALID,
  'unknown kind with a valid header': VALID,
  'unknown kind without a jet-event wrapper': VALID,
  'unknown kind with a header missing severity': invalid('/jet-event/severity', 'is required'),
  'unknown kind, not JSON': notJson(/^not JSON: Unexpected token 'h'$/),
};

/** Stand-in for src/topics/parse.ts: the catalogue entry whose base starts the topic. */
function kindOfTopic(topic: string): Kind {
  const info = CATALOG.find(({ base }) => topic === base || topic.startsWith(`${base}/`));
  return info?.kind ?? 'other';
}

const FILES = ['jet-events.ndjson', 'extra-events.ndjson'];
const fixtures: (Fixture & { file: string })[] = FILES.flatMap((file) =>
  readFixtures(file).map((fixture) => ({ ...fixture, file })));
const validator = createValidator();

function judge(fixture: Fixture): Expected | { notJson: string } {
  const decoded = decodePayload(toBytes(fixture.payload));
  if (!decoded.ok) return { notJson: decoded.reason };
  const verdict = validator.check(kindOfTopic(fixture.topic), decoded.value);
  const warnings = verdict.warnings.map((issue) => issue.pointer);
  if (verdict.valid) {
    assert.deepEqual(verdict.errors, []);
    return { valid: true, warnings };
  }
  return { valid: false, errors: verdict.errors.map((issue) => [issue.pointer, issue.message]), warnings };
}

describe('every fixture line gets its expected verdict', () => {
  for (const fixture of fixtures) {
    it(`${fixture.file}:${fixture.line} ${fixture.note}`, () => {
      const expected = EXPECTED[fixture.note];
      assert.ok(expected, `no expected verdict for "${fixture.note}": add a row to EXPECTED`);
      const actual = judge(fixture);
      if ('notJson' in expected) {
        assert.ok('notJson' in actual, `expected not JSON, got ${JSON.stringify(actual)}`);
        assert.match(String(actual.notJson), expected.notJson);
      } else {
        assert.deepEqual(actual, expected);
      }
    });
  }
});

describe('the verdict table', () => {
  it('has one row per fixture note, and no row without a fixture', () => {
    const notes = fixtures.map((fixture) => fixture.note);
    assert.equal(new Set(notes).size, notes.length, 'fixture notes must be unique: they key the table');
    assert.deepEqual(Object.keys(EXPECTED).sort(), [...notes].sort());
  });

  it('reads both fixture files in full', () => {
    assert.equal(fixtures.filter((f) => f.file === 'jet-events.ndjson').length, 24);
    assert.ok(fixtures.filter((f) => f.file === 'extra-events.ndjson').length >= 60);
  });

  it('maps fixture topics onto every kind', () => {
    const kinds = new Set(fixtures.map((fixture) => kindOfTopic(fixture.topic)));
    for (const info of CATALOG) assert.ok(kinds.has(info.kind), `no fixture for ${info.kind}`);
    assert.ok(kinds.has('other'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kind } from '../../../src/topics/catalog.js';
import { KINDS } from '../../../src/topics/catalog.js';
import { createValidator } from '../../../src/validate/index.js';

const HEADER = { 'event-id': 'KERNEL_EVENT_IFD_ADD', hostname: 'mx1', time: '2026-11-24-09:15:02', severity: 'info', facility: 'KERNEL' };
const event = (attributes?: Record<string, unknown>, header: Record<string, unknown> = HEADER) =>
  ({ 'jet-event': attributes === undefined ? { ...header } : { ...header, attributes } });

/** The smallest payload each kind accepts without warnings. */
const MINIMAL: Record<Kind, unknown> = {
  ifd: event({}), ifl: event({}), iff: event({}), ifa: event({}), firewall: event({}),
  route: event({}), 'route-table': event({}), syslog: event({}),
  'config-update': { 'commit-patch': {} },
  other: 'anything at all',
};

const validator = createValidator();

describe('createValidator().check', () => {
  for (const kind of KINDS) {
    it(`accepts a minimal ${kind} payload`, () => {
      assert.deepEqual(validator.check(kind, MINIMAL[kind]), { valid: true, errors: [], warnings: [] });
    });
  }

  it('returns one shared, frozen verdict for every valid payload without warnings', () => {
    const first = validator.check('ifd', event({ name: 'ge-0/0/0' }));
    const second = validator.check('syslog', event({ username: 'lab' }));
    assert.equal(first, second);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.errors) && Object.isFrozen(first.warnings));
  });

  it('shares the verdict for valid-but-no-attributes too, and warns with the exact pointer', () => {
    const first = validator.check('ifd', event());
    assert.equal(validator.check('route', event()), first);
    assert.deepEqual(first, {
      valid: true,
      errors: [],
      warnings: [{ pointer: '/jet-event/attributes', message: 'is missing (allowed, but events normally carry attributes)' }],
    });
  });

  it('returns a fresh verdict for an invalid payload', () => {
    const payload = event({ flags: -1 });
    const first = validator.check('ifd', payload);
    assert.notEqual(validator.check('ifd', payload), first);
    assert.equal(first.valid, false);
    assert.ok(!Object.isFrozen(first));
  });

  it('reports a missing attributes object alongside errors', () => {
    const { time: _time, ...noTime } = HEADER;
    assert.deepEqual(validator.check('ifd', event(undefined, noTime)), {
      valid: false,
      errors: [{ pointer: '/jet-event/time', message: 'is required' }],
      warnings: [{ pointer: '/jet-event/attributes', message: 'is missing (allowed, but events normally carry attributes)' }],
    });
  });

  it('does not ask config-update payloads for attributes', () => {
    assert.deepEqual(validator.check('config-update', { 'commit-patch': 'x', 'jet-event': {} }).warnings, []);
  });

  const OTHER: [name: string, payload: unknown, valid: boolean, pointer?: string][] = [
    ['a payload without jet-event', { hello: 'world' }, true],
    ['an array', [1, 2], true],
    ['a scalar', 42, true],
    ['a valid header with any attributes', event({ 'snmp-id': 'not checked for other' }), true],
    ['a header with a bad severity', event({}, { ...HEADER, severity: 'loud' }), false, '/jet-event/severity'],
    ['jet-event that is not an object', { 'jet-event': 5 }, false, '/jet-event'],
  ];
  for (const [name, payload, valid, pointer] of OTHER) {
    it(`kind other: ${name} is ${valid ? 'valid' : `invalid at ${pointer}`}`, () => {
      const verdict = validator.check('other', payload);
      assert.equal(verdict.valid, valid);
      assert.deepEqual(verdict.errors.map((issue) => issue.pointer), pointer === undefined ? [] : [pointer]);
    });
  }

  const MESSAGES: [name: string, kind: Kind, payload: unknown, pointer: string, message: string][] = [
    ['a union type as "or"', 'iff', event({ 'table-name': null }), '/jet-event/attributes/table-name', 'must be string or integer, got null'],
    ['anyOf collapsed into one message', 'route', event({ 'nexthop-address': { ip: '192.0.2.1' } }), '/jet-event/attributes/nexthop-address', 'must be string or array, got an object'],
    ['anyOf reports the deeper failure', 'route', event({ 'nexthop-address': ['192.0.2.1', null] }), '/jet-event/attributes/nexthop-address/1', 'must be string, got null'],
    ['an array as "an array"', 'ifd', event({ name: ['ge-0/0/0'] }), '/jet-event/attributes/name', 'must be string, got an array'],
    ['a long bad value cut at 40 characters', 'ifd', event({ 'snmp-id': '5'.repeat(100) }), '/jet-event/attributes/snmp-id', `must be integer, got "${'5'.repeat(40)}…"`],
    ['a pattern failure by the title of its definition', 'syslog', event({}, { ...HEADER, 'event-id': 'a'.repeat(100) }), '/jet-event/event-id', `must be an UPPER_SNAKE event id, got "${'a'.repeat(40)}…"`],
    ['the missing property itself', 'syslog', { 'jet-event': { hostname: 'mx1' } }, '/jet-event/event-id', 'is required'],
    ['a root that is not an object', 'config-update', 'text', '', 'must be object, got "text"'],
  ];
  for (const [name, kind, payload, pointer, message] of MESSAGES) {
    it(`says ${name}`, () => {
      assert.deepEqual(validator.check(kind, payload).errors, [{ pointer, message }]);
    });
  }

  it('stays fast on hostile syslog attributes (first error only)', () => {
    const attributes = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    const verdict = validator.check('syslog', event(attributes));
    assert.deepEqual(verdict.errors, [{ pointer: '/jet-event/attributes/k0', message: 'must be string, got 0' }]);
  });

  it('checks a 1 MiB hostile address without backtracking blow-up', () => {
    const started = performance.now();
    const verdict = validator.check('ifa', event({ 'local-address': `${'1:'.repeat(512 * 1024)}/64` }));
    assert.equal(verdict.valid, false);
    assert.ok(performance.now() - started < 1000, 'address pattern took over a second');
  });
});

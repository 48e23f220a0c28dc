/**
 * jetsub as a library, imported BY NAME (the package's own `exports` map, resolved to the
 * built dist/ and its .d.ts): this file is a consumer, type-checked against the published
 * types when the tests compile, and run against a real broker.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type IfaRecord, type JetRecord, type SubscribeRecord, UsageError, compileTopicFilters, parseTopic, subscribe, validateEvent,
} from 'jetsub';
import { connectPublisher, publishAll, startAedes, type TestBroker } from '../helpers/brokers.js';
import { readFixtures } from '../helpers/fixtures.js';

const fixtures = readFixtures();

/** Compile-time checks: the record is discriminated on kind, with the attributes known for it. */
function localAddress(record: JetRecord): string | undefined {
  if (record.kind !== 'ifa') return undefined;
  const ifa: IfaRecord = record;
  // @ts-expect-error generation-number is a number, not a string
  const wrong: string | undefined = ifa.event?.attributes?.['generation-number'];
  void wrong;
  return ifa.event?.attributes?.['local-address'];
}

describe('the library (import from "jetsub")', () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startAedes();
  });
  after(async () => {
    await broker.stop();
  });

  test('compileTopicFilters and parseTopic are the CLI\'s', () => {
    assert.deepEqual(compileTopicFilters({ ifd: ['ge-0/0/*'], action: ['change'] }).filters, ['/junos/events/kernel/interfaces/ifd/change/ge-0/0/+']);
    assert.deepEqual(parseTopic('/junos/events/kernel/interfaces/ifl/add/ae0.100'), {
      kind: 'ifl', action: 'add', fields: { interface: 'ae0.100', ifd: 'ae0', unit: 100 },
    });
    assert.throws(() => compileTopicFilters({ ifd: ['ge-0/0/+'] }), UsageError);
  });

  test('validateEvent gives the schema verdict with JSON pointers', () => {
    const bad = fixtures.find((f) => f.note.includes('counters must be integers'))!;
    const verdict = validateEvent('ifd', JSON.parse(bad.payload));
    assert.equal(verdict.valid, false);
    assert.equal(verdict.errors[0]!.pointer, '/jet-event/attributes/snmp-id');
    assert.equal(validateEvent('ifd', JSON.parse(fixtures[0]!.payload)).valid, true);
  });

  test('subscribe() yields typed records until the AbortSignal fires', async () => {
    const controller = new AbortController();
    const statuses: string[] = [];
    let subscribed!: () => void;
    const ready = new Promise<void>((resolve) => (subscribed = resolve));
    const stream = subscribe({
      host: `lab=127.0.0.1:${broker.port}`,
      topics: { ifa: [true], syslog: ['LOGIN_*'] },
      signal: controller.signal,
      onStatus: (device, line) => {
        statuses.push(`${device}: ${line}`);
        if (line.startsWith('subscribed to')) subscribed();
      },
    });
    const received: SubscribeRecord[] = [];
    const consumed = (async () => {
      for await (const record of stream) {
        received.push(record);
        if (received.length === 3) controller.abort();
      }
    })();
    await ready;
    const publisher = await connectPublisher(broker.url);
    await publishAll(publisher, fixtures);
    await consumed;
    await publisher.endAsync();
    assert.deepEqual(received.map((r) => (r.type === 'event' ? [r.kind, r.device, r.valid] : r.type)), [
      ['ifa', 'lab', true], ['ifa', 'lab', true], ['syslog', 'lab', true],
    ]);
    const first = received[0]!;
    assert.equal(first.type === 'event' ? localAddress(first) : null, '192.168.10.1/32');
    assert.ok(statuses.some((s) => /^lab: subscribed to \/junos\/events\/kernel\/interfaces\/ifa\/\+\/#/.test(s)), statuses.join('\n'));
  });

  test('subscribe() rejects with a ConnectionError when the broker cannot be reached', async () => {
    const iterator = subscribe({ host: '127.0.0.1:1', connectTimeoutMs: 2000 })[Symbol.asyncIterator]();
    await assert.rejects(iterator.next(), (error: Error & { exitCode?: number }) => {
      assert.equal(error.name, 'ConnectionError');
      assert.equal(error.exitCode, 3);
      assert.match(error.message, /cannot connect to mqtt:\/\/127\.0\.0\.1:1/);
      return true;
    });
  });
});

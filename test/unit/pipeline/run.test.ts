/**
 * openPipeline and its processors with a source and outputs made here: records in order
 * through the processors to every output, acknowledgements after the outputs' flush and
 * never after the end, backpressure through the flow, and each processor as a table.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionError, EXIT, type ExitCode } from '../../../src/errors.js';
import { createIntake } from '../../../src/pipeline/intake.js';
import { describeNotice } from '../../../src/pipeline/notices.js';
import { createCountProcessor } from '../../../src/pipeline/processors/count.js';
import { createDedupeProcessor } from '../../../src/pipeline/processors/dedupe.js';
import { createEventFilterProcessor } from '../../../src/pipeline/processors/event-filter.js';
import { compileProcessors, PROCESSORS } from '../../../src/pipeline/processors/index.js';
import { createValidityProcessor } from '../../../src/pipeline/processors/validity.js';
import { chainProcessors, createFlow, openPipeline } from '../../../src/pipeline/run.js';
import type { Notice, Output, PipelineRecord, Processor, RunControl, Source, SourceHandlers } from '../../../src/pipeline/types.js';
import { compileTopicFilters } from '../../../src/topics/compile.js';
import { compileTopicPrefix } from '../../../src/topics/prefix.js';
import { makeGap, makeRecord } from '../../helpers/records.js';

interface Recorded {
  control: RunControl;
  finished: [ExitCode, string | undefined][];
  reports: string[];
  statuses: string[];
}

function recordControl(): Recorded {
  const recorded: Recorded = {
    finished: [], reports: [], statuses: [],
    control: {
      finish: (code, message) => {
        if (recorded.finished.length === 0) recorded.finished.push([code, message]);
      },
      get finished() {
        return recorded.finished.length > 0;
      },
      report: (line) => recorded.reports.push(line),
      status: (line) => recorded.statuses.push(line),
    },
  };
  return recorded;
}

/** The records a list of processors lets through, in order. */
function run(processors: readonly Processor[], records: readonly PipelineRecord[]): PipelineRecord[] {
  const out: PipelineRecord[] = [];
  const chain = chainProcessors(processors, (record) => out.push(record));
  records.forEach(chain.push);
  chain.flush();
  return out;
}

function createTestSource(): { open: (h: SourceHandlers) => Promise<Source>; handlers: () => SourceHandlers; paused: boolean[] } {
  let handlers: SourceHandlers | undefined;
  const paused: boolean[] = [];
  return {
    paused,
    handlers: () => handlers!,
    open: async (h) => {
      handlers = h;
      return { ready: Promise.resolve(), pause: () => paused.push(true), resume: () => paused.push(false), close: async () => undefined };
    },
  };
}

const A = makeRecord({ topic: '/a' });
const B = makeRecord({ topic: '/b' });
const GAP = makeGap();

describe('chainProcessors', () => {
  const tag = (label: string): Processor => ({ push: (record, next) => next({ ...record, topic: `${(record as { topic: string }).topic}${label}` } as PipelineRecord) });
  it('applies processors in the order given', () => {
    assert.deepEqual(run([tag('1'), tag('2')], [A]).map((r) => (r as { topic: string }).topic), ['/a12']);
  });

  it('flushes in order, and what one flushes passes through the ones after it', () => {
    const held: PipelineRecord[] = [];
    const hold: Processor = { push: (record) => held.push(record), flush: (next) => held.splice(0).forEach(next) };
    assert.deepEqual(run([hold, tag('!')], [A, B]).map((r) => (r as { topic: string }).topic), ['/a!', '/b!']);
  });

  it('with no processors, records go straight to the end', () => {
    assert.deepEqual(run([], [A, GAP]), [A, GAP]);
  });
});

describe('openPipeline', () => {
  it('every output gets every record; the acknowledgement waits for every flush', async () => {
    const source = createTestSource();
    const written: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const outputs: Output[] = [
      { write: (r) => written.push(`one ${r.type}`), flush: () => Promise.resolve() },
      { write: (r) => written.push(`two ${r.type}`), flush: () => slow },
    ];
    const { control } = recordControl();
    await openPipeline({ source: source.open, processors: [], outputs, onNotice: () => undefined, control, acknowledge: true });
    let acknowledged = false;
    void (source.handlers().onRecord(A) as Promise<void>).then(() => (acknowledged = true));
    assert.deepEqual(written, ['one event', 'two event']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(acknowledged, false);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(acknowledged, true);
  });

  it('after the run finished, a record is neither written nor acknowledged (a session gets it again)', async () => {
    const source = createTestSource();
    const written: PipelineRecord[] = [];
    const recorded = recordControl();
    await openPipeline({
      source: source.open, processors: [], outputs: [{ write: (r) => written.push(r) }], onNotice: () => undefined,
      control: recorded.control, acknowledge: true,
    });
    recorded.control.finish(EXIT.ok);
    const ack = source.handlers().onRecord(A) as Promise<void>;
    const settled = await Promise.race([ack.then(() => 'acknowledged'), new Promise((resolve) => setTimeout(resolve, 20, 'held'))]);
    assert.equal(settled, 'held');
    assert.deepEqual(written, []);
  });

  it('without acknowledge, records return nothing to hold', async () => {
    const source = createTestSource();
    const { control } = recordControl();
    await openPipeline({
      source: source.open, processors: [], outputs: [{ write: () => undefined }], onNotice: () => undefined, control, acknowledge: false,
    });
    assert.equal(source.handlers().onRecord(A), undefined);
  });

  it('a pause asked for before the source opened reaches it when it opens; later ones at once', async () => {
    const source = createTestSource();
    const flow = createFlow();
    flow.pause();
    const { control } = recordControl();
    await openPipeline({ source: source.open, processors: [], outputs: [], onNotice: () => undefined, control, acknowledge: false, flow });
    flow.resume();
    assert.deepEqual(source.paused, [true, false]);
  });

  it('a fatal error finishes the run with its exit code and message, unless the composition takes it', async () => {
    const source = createTestSource();
    const recorded = recordControl();
    await openPipeline({
      source: source.open, processors: [], outputs: [], onNotice: () => undefined, control: recorded.control, acknowledge: false,
    });
    source.handlers().onFatal(new ConnectionError('gave up'));
    assert.deepEqual(recorded.finished, [[EXIT.connection, 'gave up']]);
    const taken: string[] = [];
    const other = createTestSource();
    await openPipeline({
      source: other.open, processors: [], outputs: [], onNotice: () => undefined, onFatal: (e) => taken.push(e.message),
      control: recordControl().control, acknowledge: false,
    });
    other.handlers().onFatal(new ConnectionError('gave up'));
    assert.deepEqual(taken, ['gave up']);
  });

  it('notices go to the command, then to every output that takes them', async () => {
    const source = createTestSource();
    const heard: string[] = [];
    const outputs: Output[] = [{ write: () => undefined, notice: (n) => heard.push(`output ${n.type}`) }, { write: () => undefined }];
    await openPipeline({ source: source.open, processors: [], outputs, onNotice: (n) => heard.push(`command ${n.type}`), control: recordControl().control, acknowledge: false });
    source.handlers().onNotice({ type: 'status', device: 'mx1', line: 'connected' });
    assert.deepEqual(heard, ['command status', 'output status']);
  });

  it('drain flushes the processors, then ends the outputs', async () => {
    const source = createTestSource();
    const steps: string[] = [];
    const held: PipelineRecord[] = [];
    const hold: Processor = { push: (r) => held.push(r), flush: (next) => held.splice(0).forEach(next) };
    const output: Output = { write: (r) => steps.push(`write ${r.type}`), end: async () => void steps.push('end') };
    const { control } = recordControl();
    const pipeline = await openPipeline({
      source: source.open, processors: [hold], outputs: [output], onNotice: () => undefined, control, acknowledge: false,
    });
    source.handlers().onRecord(GAP);
    assert.deepEqual(steps, []);
    await pipeline.drain();
    assert.deepEqual(steps, ['write gap', 'end']);
  });

  it('every output opens before the source does; one that cannot open keeps the source shut', async () => {
    const steps: string[] = [];
    const opening = (name: string, fail = false): Output => ({
      write: () => undefined,
      open: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        steps.push(`open ${name}`);
        if (fail) throw new ConnectionError(`${name} cannot open`);
      },
    });
    const source = createTestSource();
    const open = (h: SourceHandlers) => {
      steps.push('source');
      return source.open(h);
    };
    const spec = { processors: [], onNotice: () => undefined, control: recordControl().control, acknowledge: false };
    await openPipeline({ ...spec, source: open, outputs: [opening('metrics'), { write: () => undefined }] });
    assert.deepEqual(steps, ['open metrics', 'source']);
    steps.length = 0;
    await assert.rejects(openPipeline({ ...spec, source: open, outputs: [opening('metrics', true)] }), /metrics cannot open/);
    assert.deepEqual(steps, ['open metrics']);
  });
});

describe('processors', () => {
  it('PROCESSORS: the order records meet them, count last', () => {
    assert.deepEqual(PROCESSORS.map(([name]) => name), ['dedupe', 'event-filter', 'validity', 'collapse-flaps', 'count']);
  });

  it('compileProcessors: only what the settings turn on (validity is always on: a payload that is not JSON is reported)', async () => {
    const processors = await compileProcessors({ eventFilter: {}, validate: 'warn' }, recordControl().control);
    assert.equal(processors.length, 1);
  });

  const invalid = makeRecord({ topic: '/bad', valid: false, errors: [{ pointer: '/x', message: 'must be integer' }], event: {} });
  const CASES: readonly [mode: 'warn' | 'drop' | 'strict', passed: number, report: string[], finished: [ExitCode, string | undefined][]][] = [
    ['warn', 2, ['invalid ifd event on /bad: /x must be integer'], []],
    ['drop', 1, ['invalid ifd event on /bad: /x must be integer (dropped)'], []],
    ['strict', 1, [], [[EXIT.invalid, 'invalid ifd event on /bad: /x must be integer [--validate strict]']]],
  ];
  for (const [mode, passed, reports, finished] of CASES) {
    it(`validity, --validate ${mode}`, () => {
      const recorded = recordControl();
      assert.equal(run([createValidityProcessor(mode, recorded.control)], [A, invalid]).length, passed);
      assert.deepEqual(recorded.reports, reports);
      assert.deepEqual(recorded.finished, finished);
    });
  }

  it('count: passes n records (gaps pass without counting), finishes with 0 at the n-th, drops the rest', () => {
    const recorded = recordControl();
    const counter = createCountProcessor({ count: 2 }, recorded.control)!;
    assert.deepEqual(run([counter], [A, GAP, B, A]), [A, GAP, B]);
    assert.deepEqual(recorded.finished, [[EXIT.ok, undefined]]);
  });

  it('count: nothing to do without --count or --timeout', () => {
    assert.equal(createCountProcessor({}, recordControl().control), null);
  });

  it('count: --timeout ends with 4 and says how many of how many came', async () => {
    let finished!: (result: [ExitCode, string | undefined]) => void;
    const result = new Promise<[ExitCode, string | undefined]>((resolve) => (finished = resolve));
    const control = { ...recordControl().control, finish: (code: ExitCode, message?: string) => finished([code, message]) };
    const counter = createCountProcessor({ count: 3, timeoutMs: 10 }, control)!;
    counter.push(A, () => undefined);
    assert.deepEqual(await result, [EXIT.timeout, 'timed out after 0.01 s with 1 of 3 events']);
  });

  it('event filter: off costs nothing (null); on, only events are tested, gaps pass', () => {
    assert.equal(createEventFilterProcessor({}), null);
    const chatter = makeRecord({ event: { 'event-id': 'SYSTEM', attributes: { message: 'New connection from 10.0.0.1' } } });
    assert.deepEqual(run([createEventFilterProcessor({ hideChatter: true })!], [chatter, A, GAP]), [A, GAP]);
  });

  it('dedupe: a redelivery (DUP and the same device, topic and payload) is dropped and said as status', async () => {
    const recorded = recordControl();
    const first = makeRecord({ payload: Buffer.from('{}') });
    const again = makeRecord({ payload: Buffer.from('{}'), duplicate: true });
    assert.deepEqual(run([await createDedupeProcessor(recorded.control)], [first, again, GAP]), [first, GAP]);
    assert.deepEqual(recorded.statuses, ['dropped a redelivery of /junos/events/kernel/interfaces/ifd/add/ge-0/0/0 (--dedupe)']);
  });
});

describe('intake', () => {
  const notices: Notice[] = [];
  const intake = createIntake({
    topics: compileTopicFilters({ ifd: ['ge-*'] }), validator: null, maxPayload: 10, prefix: compileTopicPrefix('fleet/{device}'),
  }, (notice) => notices.push(notice));
  const CASES: readonly [name: string, topic: string, payload: string, expected: string | null][] = [
    ['a wanted topic under the prefix: the device from the prefix', 'fleet/mx9/junos/events/kernel/interfaces/ifd/add/ge-0/0/1', '{}', 'mx9 ifd'],
    ['outside the prefix: dropped', '/junos/events/kernel/interfaces/ifd/add/ge-0/0/1', '{}', null],
    ['narrowed away (xe- is not ge-*): dropped before decoding', 'fleet/mx9/junos/events/kernel/interfaces/ifd/add/xe-0/0/1', 'not json', null],
  ];
  for (const [name, topic, payload, expected] of CASES) {
    it(name, () => {
      const record = intake('conn', topic, Buffer.from(payload), false);
      assert.equal(record === null ? null : `${record.device} ${record.kind}`, expected);
    });
  }

  it('an oversized payload is a notice, not a record', () => {
    assert.equal(intake('conn', 'fleet/mx9/junos/events/kernel/interfaces/ifd/add/ge-0/0/1', Buffer.alloc(11), false), null);
    assert.deepEqual(describeNotice(notices.at(-1)!), {
      device: 'conn', level: 'report',
      line: 'skipped a payload of 11 bytes on fleet/mx9/junos/events/kernel/interfaces/ifd/add/ge-0/0/1 (over --max-payload 10)',
    });
  });
});

describe('notices', () => {
  const gap = { device: 'mx1', from: new Date('2026-11-24T10:00:01Z'), to: new Date('2026-11-24T10:00:05Z') };
  const CASES: readonly [Notice, string, 'status' | 'report'][] = [
    [{ type: 'status', device: 'mx1', line: 'connected to x' }, 'connected to x', 'status'],
    [{ type: 'warning', device: 'mx1', line: 'rejected' }, 'rejected', 'report'],
    [{ type: 'gap', gap }, 'gap on mx1: connection lost at 2026-11-24T10:00:01.000Z, back at 2026-11-24T10:00:05.000Z (4.0 s); events published meanwhile are lost', 'report'],
    [{ type: 'oversize', device: 'mx1', topic: '/t\u001b', bytes: 5, limit: 4 }, 'skipped a payload of 5 bytes on /t\\x1b (over --max-payload 4)', 'report'],
    [{ type: 'start-failure', device: 'mx1', error: new ConnectionError('cannot connect\n  hint') }, 'cannot connect; retrying in the background', 'report'],
  ];
  for (const [notice, line, level] of CASES) {
    it(notice.type, () => assert.deepEqual(describeNotice(notice), { device: 'mx1', line, level }));
  }
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageError } from '../../../src/errors.js';
import { DEFAULT_MAX_SERIES, parseMetricsAddress, resolveMetrics } from '../../../src/options/metrics-flags.js';

describe('--metrics host:port', () => {
  const good: [string, string, number][] = [
    ['127.0.0.1:9464', '127.0.0.1', 9464], ['localhost:0', 'localhost', 0], ['[::1]:9464', '::1', 9464], [':9464', '', 9464],
    ['jump-1.example.net:65535', 'jump-1.example.net', 65535],
  ];
  for (const [text, host, port] of good) {
    test(`${text} → ${host || '(every address)'} port ${port}`, () => assert.deepEqual(parseMetricsAddress(text), { host, port, text }));
  }
  const bad: [string, RegExp][] = [
    ['9464', /not host:port/], ['localhost', /not host:port/], ['127.0.0.1:', /not host:port/], ['127.0.0.1:99999', /above 65535/],
    ['127.0.0.1:-1', /not host:port/], ['http://127.0.0.1:9464', /not host:port/], ['a_b:9464', /not host:port/], ['a..b:9464', /not a host name/],
    ['-x:9464', /not a host name/], ['::1:9464', /not host:port/], ['127.0.0.1:9464/metrics', /not host:port/],
  ];
  for (const [text, problem] of bad) {
    test(`'${text}' is a usage error naming the flag`, () => {
      assert.throws(() => parseMetricsAddress(text), (error: unknown) => error instanceof UsageError && error.exitCode === 2
        && error.flag === '--metrics' && problem.test(error.message) && error.message.includes('e.g. --metrics 127.0.0.1:9464'));
    });
  }
});

describe('--metrics-max-series', () => {
  test('default', () => assert.equal(resolveMetrics({ metrics: ':0' })?.maxSeries, DEFAULT_MAX_SERIES));
  test('given', () => assert.equal(resolveMetrics({ metrics: ':0', metricsMaxSeries: '50' })?.maxSeries, 50));
  for (const text of ['0', '-1', '1.5', 'many', '10000001']) {
    test(`'${text}' refused`, () => assert.throws(() => resolveMetrics({ metrics: ':0', metricsMaxSeries: text }), UsageError));
  }
  test('without --metrics it is a mistake, not ignored', () => {
    assert.throws(() => resolveMetrics({ metricsMaxSeries: '50' }), /applies to --metrics only/);
  });
  test('no --metrics: off', () => assert.equal(resolveMetrics({}), undefined));
});

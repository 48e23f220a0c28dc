/**
 * --metrics on tail and top, and jetsub serve, with the built jetsub against a real
 * mosquitto: the line issue 14 says must work as written (on a free port), the series and
 * their values after known events, a taken port and a bad address (exit 2, nothing
 * subscribed), the series cap, a broker restart (gaps, reconnects).
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { connectPublisher, freePort, publishAll, startMosquitto, useBrokerWithPublisher } from '../helpers/brokers.js';
import { parseNdjson, runCli, startCli, waitSubscribed } from '../helpers/cli.js';
import { flaps, ifdChange, ifdEvent, linkTrap } from '../helpers/events.js';
import { sampleLines, sampleValue, scrape, scrapeUntil, waitMetricsUrl } from '../helpers/metrics.js';

describe('--metrics (mosquitto)', () => {
  const lab = useBrokerWithPublisher(() => startMosquitto());
  const common = () => ['-H', '127.0.0.1', '-p', String(lab.broker.port)];
  const device = () => `127.0.0.1:${lab.broker.port}`;

  test('as written: tail --ifd --syslog --metrics 127.0.0.1:<port>; GET /metrics has the jetsub_* series with their values', async () => {
    const port = await freePort();
    const cli = startCli(['tail', ...common(), '--ifd', '--syslog', '--metrics', `127.0.0.1:${port}`, '-o', 'ndjson']);
    await waitSubscribed(cli, 2);
    const url = `http://127.0.0.1:${port}/metrics`;
    assert.match(cli.stderr, new RegExp(`^jetsub: metrics on ${url.replace(/\./g, '\\.')}\\n`));
    await publishAll(lab.publisher, [
      ...flaps('ge-0/0/1', 3), linkTrap('DOWN', 'ge-0/0/1'), ifdChange('ge-0/0/2'), ifdEvent('ge-0/0/3', { action: 'delete' }),
      { topic: '/junos/events/kernel/interfaces/ifd/change/ge-0/0/4', payload: 'not json "at all' },
    ]);
    await cli.waitFor(/not JSON/);
    const d = `device="${device()}"`;
    const text = await scrapeUntil(url, (t) => sampleValue(t, `jetsub_events_total{${d},kind="ifd",event_id="",valid="false"}`) === 1);
    assert.equal(parseNdjson(cli.stdout).length, 10);
    assert.deepEqual(sampleLines(text, 'jetsub_events_total'), [
      `jetsub_events_total{${d},kind="syslog",event_id="SNMP_TRAP_LINK_DOWN",valid="true"} 4`,
      `jetsub_events_total{${d},kind="syslog",event_id="SNMP_TRAP_LINK_UP",valid="true"} 3`,
      `jetsub_events_total{${d},kind="ifd",event_id="KERNEL_EVENT_IFD_CHANGE",valid="true"} 1`,
      `jetsub_events_total{${d},kind="ifd",event_id="KERNEL_EVENT_IFD_DELETE",valid="true"} 1`,
      `jetsub_events_total{${d},kind="ifd",event_id="",valid="false"} 1`,
    ]);
    assert.deepEqual(sampleLines(text, 'jetsub_interface_flaps_total'), [
      `jetsub_interface_flaps_total{${d},interface="ge-0/0/1"} 3`,
      `jetsub_interface_flaps_total{${d},interface="ge-0/0/2"} 0`,
      `jetsub_interface_flaps_total{${d},interface="ge-0/0/3"} 0`,
      `jetsub_interface_flaps_total{${d},interface="ge-0/0/4"} 0`,
    ]);
    assert.deepEqual(sampleLines(text, 'jetsub_interface_link_state'), [
      `jetsub_interface_link_state{${d},interface="ge-0/0/1"} 0`,
      `jetsub_interface_link_state{${d},interface="ge-0/0/2"} -1`,
      `jetsub_interface_link_state{${d},interface="ge-0/0/3"} 0`,
      `jetsub_interface_link_state{${d},interface="ge-0/0/4"} -1`,
    ]);
    assert.deepEqual(sampleLines(text, 'jetsub_invalid_payloads_total'), [`jetsub_invalid_payloads_total{${d},kind="ifd",reason="not_json"} 1`]);
    assert.equal(sampleValue(text, `jetsub_connection_up{${d}}`), 1);
    assert.equal(sampleValue(text, `jetsub_connection_state{${d},state="connected"}`), 1);
    for (const name of ['jetsub_reconnects_total', 'jetsub_gaps_total', 'jetsub_gap_seconds_total', 'jetsub_oversize_payloads_total']) {
      assert.equal(sampleValue(text, `${name}{${d}}`), 0, name);
    }
    assert.equal(sampleValue(text, 'jetsub_metrics_series_dropped_total'), 0);
    assert.ok(sampleValue(text, 'jetsub_process_resident_memory_bytes')! > 1e6);
    assert.ok(sampleValue(text, 'jetsub_process_open_fds')! > 3);
    assert.ok(Math.abs(sampleValue(text, 'jetsub_process_start_time_seconds')! - Date.now() / 1000) < 120);
    assert.match(text, /^# TYPE jetsub_events_total counter$/m);
    assert.match(text, /^# TYPE jetsub_interface_link_state gauge$/m);

    const response = await fetch(url);
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${port}/metrics/x`)).status, 404);
    assert.equal((await fetch(url, { method: 'POST' })).status, 405);

    cli.child.kill('SIGINT');
    const { code, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    await assert.rejects(fetch(url), 'the endpoint closes with jetsub');
  });

  test('port 0: the port the system gave is on stderr; labels from the stream are escaped', async () => {
    const cli = startCli(['tail', ...common(), '--syslog', '--metrics', '127.0.0.1:0', '--validate', 'off', '-o', 'ndjson']);
    const url = await waitMetricsUrl(cli);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    assert.notEqual(url, 'http://127.0.0.1:0/metrics');
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [linkTrap('DOWN', 'ge-"0\\0/1'), linkTrap('UP', 'ge-"0\\0/1')]);
    const text = await scrapeUntil(url, (t) => /jetsub_interface_flaps_total\{/.test(t));
    assert.deepEqual(sampleLines(text, 'jetsub_interface_flaps_total'),
      [`jetsub_interface_flaps_total{device="${device()}",interface="ge-\\"0\\\\0/1"} 1`]);
    assert.deepEqual(sampleLines(text, 'jetsub_events_total'), [
      `jetsub_events_total{device="${device()}",kind="syslog",event_id="SNMP_TRAP_LINK_DOWN",valid="unknown"} 1`,
      `jetsub_events_total{device="${device()}",kind="syslog",event_id="SNMP_TRAP_LINK_UP",valid="unknown"} 1`,
    ]);
    cli.child.kill('SIGTERM');
    assert.equal((await cli.done).code, 0);
  });

  test('a taken port: exit 2 naming --metrics and the fix, before connecting to the broker', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const logBefore = lab.broker.log().length;
      const { code, stdout, stderr } = await runCli(['tail', ...common(), '--ifd', '--metrics', `127.0.0.1:${port}`]);
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.equal(stderr, `jetsub: --metrics '127.0.0.1:${port}': port ${port} is in use (EADDRINUSE); stop what listens there or pick another port\n`);
      assert.doesNotMatch(lab.broker.log().slice(logBefore), /New connection/);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  test('usage errors exit 2 before any socket opens', async () => {
    const cases: [string[], RegExp][] = [
      [['tail', '--metrics', '9464'], /^jetsub: --metrics '9464': not host:port; give host:port, e\.g\. --metrics 127\.0\.0\.1:9464/],
      [['top', '-o', 'text', '--metrics', '127.0.0.1:70000'], /--metrics '127\.0\.0\.1:70000': port 70000 is above 65535/],
      [['tail', '--metrics-max-series', '10'], /--metrics-max-series: applies to --metrics only; add --metrics/],
      [['tail', '--metrics', ':0', '--metrics-max-series', '0'], /--metrics-max-series '0': not a whole number from 1/],
      [['serve'], /^jetsub: serve: needs --metrics <host:port>/],
      [['tail', '--metrics', '192.0.2.1:9464'], /192\.0\.2\.1 is not an address of this machine \(EADDRNOTAVAIL\)/],
    ];
    const logBefore = lab.broker.log().length;
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runCli([...args, ...common()]);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.doesNotMatch(stderr, /connecting|subscribed/);
    }
    assert.doesNotMatch(lab.broker.log().slice(logBefore), /New connection/);
  });

  test('serve: nothing on stdout; the series cap: an overflow series, the drops counted, told once on stderr', async () => {
    const cli = startCli(['serve', ...common(), '--syslog', 'SNMP_TRAP_LINK_*', '--metrics', '127.0.0.1:0', '--metrics-max-series', '4']);
    const url = await waitMetricsUrl(cli);
    await waitSubscribed(cli);
    // The first interface's trap down takes three series (its events, link state and flaps), its trap up the fourth:
    // the interfaces after it are past the cap.
    await publishAll(lab.publisher, ['ge-0/0/1', 'ge-0/0/2', 'ge-0/0/3', 'ge-0/0/4'].flatMap((name) => flaps(name, 1)));
    const d = `device="${device()}"`;
    const up = `jetsub_events_total{${d},kind="syslog",event_id="SNMP_TRAP_LINK_UP",valid="true"}`;
    const text = await scrapeUntil(url, (t) => sampleValue(t, up) === 4);
    assert.deepEqual(sampleLines(text, 'jetsub_events_total'), [
      `jetsub_events_total{${d},kind="syslog",event_id="SNMP_TRAP_LINK_DOWN",valid="true"} 4`,
      `${up} 4`,
    ]);
    assert.deepEqual(sampleLines(text, 'jetsub_interface_link_state'), [`jetsub_interface_link_state{${d},interface="ge-0/0/1"} 1`]);
    assert.deepEqual(sampleLines(text, 'jetsub_interface_flaps_total'), [
      `jetsub_interface_flaps_total{${d},interface="ge-0/0/1"} 1`,
      'jetsub_interface_flaps_total{device="_overflow",interface="_overflow"} 0',
    ]);
    assert.ok(sampleValue(text, 'jetsub_metrics_series_dropped_total')! > 0);
    assert.equal(sampleValue(text, 'jetsub_metrics_series'), 4);
    assert.equal(sampleValue(text, 'jetsub_metrics_max_series'), 4);
    cli.child.kill('SIGTERM');
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    assert.equal(stderr.match(/--metrics-max-series 4 reached/g)?.length, 1, stderr);
    assert.match(stderr, /jetsub: metrics: --metrics-max-series 4 reached; new series go into the overflow series \(label values _overflow\)/);
  });

  test('top --metrics: the same series beside top\'s snapshots', async () => {
    const cli = startCli(['top', ...common(), '-o', 'json', '--interval', '0.5', '--metrics', '127.0.0.1:0']);
    const url = await waitMetricsUrl(cli);
    await waitSubscribed(cli);
    await publishAll(lab.publisher, [...flaps('xe-1/0/0', 2), linkTrap('DOWN', 'xe-1/0/0')]);
    const series = `jetsub_interface_flaps_total{device="${device()}",interface="xe-1/0/0"}`;
    const text = await scrapeUntil(url, (t) => sampleValue(t, series) === 2);
    assert.equal(sampleValue(text, `jetsub_interface_link_state{device="${device()}",interface="xe-1/0/0"}`), 0);
    await cli.waitFor(/"flaps":2/, { stream: 'stdout' });
    cli.child.kill('SIGINT');
    const { code, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    await assert.rejects(fetch(url));
  });
});

describe('--metrics across a broker restart', () => {
  test('a gap and a reconnect are counted; the connection state goes down and up', async () => {
    const broker = await startMosquitto();
    try {
      const cli = startCli(['serve', '-H', '127.0.0.1', '-p', String(broker.port), '--metrics', '127.0.0.1:0']);
      const url = await waitMetricsUrl(cli);
      await waitSubscribed(cli);
      const d = `device="127.0.0.1:${broker.port}"`;
      await broker.stop();
      await scrapeUntil(url, (t) => sampleValue(t, `jetsub_connection_up{${d}}`) === 0
        && sampleValue(t, `jetsub_connection_state{${d},state="reconnecting"}`) === 1, 20_000);
      await broker.start();
      const text = await scrapeUntil(url, (t) => sampleValue(t, `jetsub_gaps_total{${d}}`) === 1, 30_000);
      assert.equal(sampleValue(text, `jetsub_reconnects_total{${d}}`), 1);
      assert.equal(sampleValue(text, `jetsub_connection_up{${d}}`), 1);
      assert.ok(sampleValue(text, `jetsub_gap_seconds_total{${d}}`)! > 0);
      const publisher = await connectPublisher(broker.url);
      await publisher.publishAsync(ifdChange('ge-0/0/9').topic, ifdChange('ge-0/0/9').payload);
      await publisher.endAsync();
      await scrapeUntil(url, (t) => sampleValue(t, `jetsub_interface_link_state{${d},interface="ge-0/0/9"}`) === -1);
      cli.child.kill('SIGTERM');
      assert.equal((await cli.done).code, 0);
      assert.equal(await scrape(url).then(() => 'open', () => 'closed'), 'closed');
    } finally {
      await broker.stop();
    }
  });
});

describe('--metrics counts what the event filters let through', () => {
  test('serve --quiet --where: only the address on stderr; only the matching events counted', async () => {
    const broker = await startMosquitto();
    try {
      // Retained: delivered when jetsub subscribes, which --quiet does not say.
      const publisher = await connectPublisher(broker.url);
      for (const message of [linkTrap('DOWN', 'ge-0/0/5'), ifdChange('ge-0/0/5')]) {
        await publisher.publishAsync(message.topic, message.payload, { retain: true });
      }
      await publisher.endAsync();
      const cli = startCli(['serve', '-H', '127.0.0.1', '-p', String(broker.port), '--quiet', '--where', 'event.severity == "warning"',
        '--metrics', '127.0.0.1:0']);
      const url = await waitMetricsUrl(cli);
      const d = `device="127.0.0.1:${broker.port}"`;
      const down = `jetsub_events_total{${d},kind="syslog",event_id="SNMP_TRAP_LINK_DOWN",valid="true"}`;
      const text = await scrapeUntil(url, (t) => sampleValue(t, down) === 1);
      assert.deepEqual(sampleLines(text, 'jetsub_events_total'), [`${down} 1`]);
      assert.deepEqual(sampleLines(text, 'jetsub_interface_link_state'), [`jetsub_interface_link_state{${d},interface="ge-0/0/5"} 0`]);
      cli.child.kill('SIGTERM');
      const { code, stdout, stderr } = await cli.done;
      assert.equal(code, 0, stderr);
      assert.equal(stdout, '');
      assert.equal(stderr, `jetsub: metrics on ${url}\n`);
    } finally {
      await broker.stop();
    }
  });
});

/**
 * A real Prometheus (Debian's `prometheus`, scripts/test-setup.sh installs it) scrapes a
 * built `jetsub serve` every second on loopback, and PromQL through its HTTP API returns the
 * flap count of the interface the test flapped: the scrape config of docs/metrics.md and its
 * Grafana query, run for real. Without prometheus this test fails and says what to install.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { freePort, publishAll, startMosquitto, useBrokerWithPublisher } from '../helpers/brokers.js';
import { startCli, waitSubscribed } from '../helpers/cli.js';
import { flaps, linkTrap } from '../helpers/events.js';
import { waitMetricsUrl } from '../helpers/metrics.js';
import { spawnTracked } from '../helpers/processes.js';

const PROMETHEUS = 'prometheus';
const MISSING = 'prometheus is not installed: this test runs a real Prometheus server (Debian package `prometheus`, /usr/bin/prometheus);'
  + ' install what the tests need with `npm run test:setup` (README "Tests")';

interface Prometheus {
  url: string;
  log(): string;
}

/** Prometheus on a free loopback port, scraping `target` every second, its data in a temporary directory. */
async function startPrometheus(dir: string, target: string): Promise<Prometheus> {
  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: jetsub',
    '    static_configs:',
    `      - targets: ['${target}']`,
    '',
  ].join('\n'));
  const child = spawnTracked(PROMETHEUS, [
    `--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (log += chunk));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new Error(MISSING) : error));
  });
  await spawned;
  const prometheus = { url: `http://127.0.0.1:${port}`, log: () => log };
  await poll('Prometheus ready', 60_000, async () => {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log}`);
    const response = await fetch(`${prometheus.url}/-/ready`).catch(() => null);
    return response?.status === 200 ? true : undefined;
  });
  return prometheus;
}

interface VectorResult {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(prometheus: Prometheus, promql: string): Promise<VectorResult[]> {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = await response.json() as { status: string; data?: { resultType: string; result: VectorResult[] }; error?: string };
  if (body.status !== 'success') throw new Error(`${promql}: ${body.error ?? response.status}`);
  assert.equal(body.data!.resultType, 'vector');
  return body.data!.result;
}

/** Calls `attempt` until it returns a value (not undefined), every 250 ms, within the deadline. */
async function poll<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof Error && error.message === MISSING) throw error;
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s${last === undefined ? '' : ` (${String(last)})`}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('a real Prometheus scraping jetsub serve', () => {
  const lab = useBrokerWithPublisher(() => startMosquitto());
  const dir = mkdtempSync(join(tmpdir(), 'jetsub-prometheus-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('PromQL returns the flap count of the interface that flapped', async () => {
    const cli = startCli(['serve', '-H', '127.0.0.1', '-p', String(lab.broker.port), '--syslog', 'SNMP_TRAP_LINK_*', '--metrics', '127.0.0.1:0']);
    const url = await waitMetricsUrl(cli);
    await waitSubscribed(cli);
    const prometheus = await startPrometheus(dir, new URL(url).host);
    const device = `127.0.0.1:${lab.broker.port}`;
    const flapsOf = (name: string) => `jetsub_interface_flaps_total{job="jetsub",device="${device}",interface="${name}"}`;

    // The interfaces become known (flaps 0) and are scraped so, then they flap: 3 times, and once.
    await publishAll(lab.publisher, [linkTrap('UP', 'ge-0/0/1'), linkTrap('UP', 'ge-0/0/2')]);
    await poll('up == 1 and flaps 0 scraped', 30_000, async () => {
      const [up] = await query(prometheus, 'up{job="jetsub"}');
      const [known] = await query(prometheus, flapsOf('ge-0/0/1'));
      return up?.value[1] === '1' && known?.value[1] === '0' ? true : undefined;
    });
    await publishAll(lab.publisher, [...flaps('ge-0/0/1', 3), ...flaps('ge-0/0/2', 1)]);

    const result = await poll('flaps of ge-0/0/1 == 3', 30_000, async () => {
      const found = await query(prometheus, flapsOf('ge-0/0/1'));
      return found[0]?.value[1] === '3' ? found : undefined;
    });
    assert.deepEqual(result.map((r) => r.metric), [{
      __name__: 'jetsub_interface_flaps_total', device, interface: 'ge-0/0/1', instance: new URL(url).host, job: 'jetsub',
    }]);
    const ge2 = await poll('flaps of ge-0/0/2 == 1', 30_000, async () => {
      const found = await query(prometheus, flapsOf('ge-0/0/2'));
      return found[0]?.value[1] === '1' ? found : undefined;
    });
    assert.equal(ge2.length, 1);

    // The Grafana query of docs/metrics.md: per device and interface, the flaps of the last hour.
    const grafana = await query(prometheus, 'sum by (device, interface) (increase(jetsub_interface_flaps_total[1h]))');
    const byInterface = new Map(grafana.map((r) => [r.metric.interface, Number(r.value[1])]));
    assert.deepEqual([...byInterface.keys()].sort(), ['ge-0/0/1', 'ge-0/0/2']);
    // increase() extrapolates over the scraped span: at least what happened, and ge-0/0/1's three flaps weigh the most.
    assert.ok(byInterface.get('ge-0/0/1')! >= 3, `ge-0/0/1: ${byInterface.get('ge-0/0/1')}`);
    assert.ok(byInterface.get('ge-0/0/2')! >= 1 && byInterface.get('ge-0/0/2')! < byInterface.get('ge-0/0/1')!);

    const [state] = await query(prometheus, 'jetsub_interface_link_state{interface="ge-0/0/1"}');
    assert.equal(state?.value[1], '1');
    const [rss] = await query(prometheus, 'jetsub_process_resident_memory_bytes{job="jetsub"}');
    assert.ok(Number(rss?.value[1]) > 1e6);

    cli.child.kill('SIGTERM');
    const { code, stdout, stderr } = await cli.done;
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    assert.doesNotMatch(prometheus.log(), /level=error/, prometheus.log());
  });
});

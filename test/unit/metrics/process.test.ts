import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { writeExposition } from '../../../src/metrics/exposition.js';
import { type ProcessProbes, collectProcessMetrics, createProcessProbes } from '../../../src/metrics/process.js';

const STATUS = 'Name:\tnode\nVmSize:\t  1000 kB\nVmRSS:\t   200 kB\nVmData:\t   300 kB\n';
const LIMITS = 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 4096                 files\n';

function probes(files: Record<string, string>, fds: string[] | null): ProcessProbes {
  return {
    cpuUsage: () => ({ user: 1_500_000, system: 500_000 }),
    memoryUsage: () => ({ rss: 999, heapTotal: 20, heapUsed: 10, external: 5, arrayBuffers: 1 }),
    startTime: 1_700_000_000,
    readFile: (path) => {
      if (files[path] === undefined) throw new Error('ENOENT');
      return files[path];
    },
    listDir: (path) => {
      if (fds === null || path !== '/proc/self/fd') throw new Error('ENOENT');
      return fds;
    },
  };
}

const samples = (p: ProcessProbes) => writeExposition(collectProcessMetrics(p)).split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('jetsub_process_* as prom-client names them', () => {
  test('Linux: /proc/self/status, limits and fd', () => {
    assert.deepEqual(samples(probes({ '/proc/self/status': STATUS, '/proc/self/limits': LIMITS }, ['0', '1', '2', '3'])), [
      'jetsub_process_cpu_user_seconds_total 1.5',
      'jetsub_process_cpu_system_seconds_total 0.5',
      'jetsub_process_cpu_seconds_total 2',
      'jetsub_process_start_time_seconds 1700000000',
      'jetsub_process_resident_memory_bytes 204800',
      'jetsub_process_virtual_memory_bytes 1024000',
      'jetsub_process_heap_bytes 307200',
      'jetsub_process_open_fds 3',
      'jetsub_process_max_fds 1024',
      'jetsub_nodejs_heap_size_total_bytes 20',
      'jetsub_nodejs_heap_size_used_bytes 10',
      'jetsub_nodejs_external_memory_bytes 5',
    ]);
  });
  test('no /proc: what cannot be read is left out, the resident size comes from Node', () => {
    const lines = samples(probes({}, null));
    assert.ok(lines.includes('jetsub_process_resident_memory_bytes 999'));
    assert.equal(lines.some((l) => /open_fds|max_fds|virtual|process_heap/.test(l)), false);
  });
  test('this process, for real: values that make sense', () => {
    const lines = samples(createProcessProbes());
    const value = (name: string) => Number(lines.find((l) => l.startsWith(`${name} `))?.split(' ')[1]);
    assert.ok(value('jetsub_process_resident_memory_bytes') > 1e6);
    assert.ok(Math.abs(value('jetsub_process_start_time_seconds') - (Date.now() / 1000 - process.uptime())) < 2);
    if (process.platform === 'linux') assert.ok(value('jetsub_process_open_fds') >= 3);
  });
});

/**
 * jetsub's own process, read at each scrape, under the names prom-client's default metrics
 * give them (with the prefix `jetsub_`), so that dashboards made for Node.js exporters read
 * them as they are: CPU seconds, resident, virtual and heap memory (/proc/self/status on
 * Linux), V8's heap, the start time, open and maximum file descriptors (/proc/self on Linux).
 * What a platform cannot tell is left out, never made up.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { FamilySnapshot, MetricType } from './exposition.js';

type Read = (path: string) => string;

export interface ProcessProbes {
  cpuUsage(): NodeJS.CpuUsage;
  memoryUsage(): NodeJS.MemoryUsage;
  /** Seconds since the epoch when the process started. */
  startTime: number;
  readFile: Read;
  listDir(path: string): string[];
}

export function createProcessProbes(): ProcessProbes {
  return {
    cpuUsage: () => process.cpuUsage(),
    memoryUsage: () => process.memoryUsage(),
    startTime: Math.round(Date.now() / 1000 - process.uptime()),
    readFile: (path) => readFileSync(path, 'utf8'),
    listDir: (path) => readdirSync(path),
  };
}

const one = (name: string, help: string, type: MetricType, value: number | undefined): FamilySnapshot => ({
  name: `jetsub_${name}`, help, type, labels: [], samples: value === undefined ? [] : [{ values: [], value }],
});

export function collectProcessMetrics(probes: ProcessProbes): FamilySnapshot[] {
  const cpu = probes.cpuUsage();
  const memory = probes.memoryUsage();
  const status = readStatus(probes.readFile);
  return [
    one('process_cpu_user_seconds_total', 'Total user CPU time spent in seconds.', 'counter', cpu.user / 1e6),
    one('process_cpu_system_seconds_total', 'Total system CPU time spent in seconds.', 'counter', cpu.system / 1e6),
    one('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', 'counter', (cpu.user + cpu.system) / 1e6),
    one('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', 'gauge', probes.startTime),
    one('process_resident_memory_bytes', 'Resident memory size in bytes.', 'gauge', status.VmRSS ?? memory.rss),
    one('process_virtual_memory_bytes', 'Virtual memory size in bytes.', 'gauge', status.VmSize),
    one('process_heap_bytes', 'Process heap size in bytes.', 'gauge', status.VmData),
    one('process_open_fds', 'Number of open file descriptors.', 'gauge', countOpenFds(probes)),
    one('process_max_fds', 'Maximum number of open file descriptors.', 'gauge', readMaxFds(probes.readFile)),
    one('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', 'gauge', memory.heapTotal),
    one('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', 'gauge', memory.heapUsed),
    one('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', 'gauge', memory.external),
  ];
}

/** `VmRSS:  51234 kB` → bytes, for the keys jetsub reports; {} where there is no /proc. */
function readStatus(read: Read): Partial<Record<'VmRSS' | 'VmSize' | 'VmData', number>> {
  const text = attempt(() => read('/proc/self/status'));
  if (text === undefined) return {};
  const found: Partial<Record<'VmRSS' | 'VmSize' | 'VmData', number>> = {};
  for (const match of text.matchAll(/^(VmRSS|VmSize|VmData):\s+(\d+)\s*kB$/gm)) {
    found[match[1] as 'VmRSS' | 'VmSize' | 'VmData'] = Number(match[2]) * 1024;
  }
  return found;
}

/** The entries of /proc/self/fd, less the one the listing itself holds open. */
function countOpenFds(probes: ProcessProbes): number | undefined {
  const entries = attempt(() => probes.listDir('/proc/self/fd'));
  return entries === undefined ? undefined : Math.max(0, entries.length - 1);
}

/** The soft limit of `Max open files` in /proc/self/limits. */
function readMaxFds(read: Read): number | undefined {
  const text = attempt(() => read('/proc/self/limits'));
  const match = text === undefined ? null : /^Max open files\s+(\d+)/m.exec(text);
  return match === null ? undefined : Number(match[1]);
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * The metrics output (--metrics host:port): records and notices counted into Prometheus
 * series (docs/metrics.md lists them), served over HTTP by src/metrics/server.ts. It sees
 * what every output sees — the records the processors pass on, so the event filters narrow
 * it as they narrow what tail prints — and every notice of the source (connection states,
 * gaps, skipped payloads). Link state and flaps follow top's rules (src/pipeline/link-trap.ts):
 * SNMP_TRAP_LINK_DOWN/UP set the state, a flap is an up after a down.
 */
import { type FamilySnapshot, writeExposition } from '../../metrics/exposition.js';
import { collectProcessMetrics, createProcessProbes } from '../../metrics/process.js';
import { type Family, type FamilySpec, type Series, createRegistry } from '../../metrics/registry.js';
import { type MetricsAddress, type MetricsServer, startMetricsServer } from '../../metrics/server.js';
import type { EventRecord } from '../../record.js';
import type { Reporter } from '../../sink/stderr.js';
import type { ConnectionEvent } from '../../transport/events.js';
import { readVersion } from '../../version.js';
import { readEventId, readLinkTrap } from '../link-trap.js';
import type { Notice, Output } from '../types.js';

export interface MetricsSettings {
  address: MetricsAddress;
  /** --metrics-max-series: the series whose labels come from the stream, at most. */
  maxSeries: number;
}

export interface MetricsOutputSettings {
  metrics?: MetricsSettings;
}

const CONNECTION_STATES = ['connecting', 'connected', 'reconnecting', 'unreachable'] as const;
type ConnectionState = (typeof CONNECTION_STATES)[number];

/** jetsub_interface_link_state's values. */
const LINK_STATE = { up: 1, down: 0, unknown: -1 } as const;

export function createMetricsOutput(settings: MetricsOutputSettings, deps: { reporter: Pick<Reporter, 'report'> }): Output | null {
  const { metrics } = settings;
  if (metrics === undefined) return null;
  const registry = createRegistry({
    maxSeries: metrics.maxSeries,
    onLimit: (max) => deps.reporter.report(`metrics: --metrics-max-series ${max} reached; new series go into the overflow series`
      + ' (label values _overflow) or are not kept (gauges), counted in jetsub_metrics_series_dropped_total'),
  });
  const count = createStreamCounters(registry.family);
  const probes = createProcessProbes();
  const version = readVersion();
  const render = () => writeExposition([...registry.snapshot(), ...collectProcessMetrics(probes), buildInfo(version)]);
  let server: MetricsServer | undefined;
  return {
    async open() {
      server = await startMetricsServer(metrics.address, render);
      deps.reporter.report(`metrics on ${server.url}`);
    },
    write(record) {
      if (record.type === 'event') count.event(record);
      else if (record.type === 'flaps') count.flaps(record.device, record.interface, record.flaps, record.state);
    },
    notice: (notice) => count.notice(notice),
    async end() {
      await server?.close();
    },
  };
}

function buildInfo(version: string): FamilySnapshot {
  return { name: 'jetsub_build_info', help: 'Always 1: the version of jetsub that serves these metrics.', type: 'gauge',
    labels: ['version'], samples: [{ values: [version], value: 1 }] };
}

type MakeFamily = (spec: FamilySpec) => Family;

/** The series, and how records and notices move them (exported for the unit tables). */
export function createStreamCounters(family: MakeFamily) {
  const counter = (name: string, help: string, labels: string[], bounded = false) =>
    family({ name, help, type: 'counter', labels, bounded });
  const gauge = (name: string, help: string, labels: string[], bounded = false) => family({ name, help, type: 'gauge', labels, bounded });
  const events = counter('jetsub_events_total', 'Events received, by device, kind, event id and validity.',
    ['device', 'kind', 'event_id', 'valid'], true);
  const invalid = counter('jetsub_invalid_payloads_total', 'Payloads that are not a JSON event (not_json) or fail their schema (schema).',
    ['device', 'kind', 'reason'], true);
  const link = gauge('jetsub_interface_link_state', 'Link state: 1 up, 0 down (or the ifd deleted), -1 not known yet.',
    ['device', 'interface'], true);
  const flaps = counter('jetsub_interface_flaps_total', 'Flaps: an SNMP_TRAP_LINK_UP after an SNMP_TRAP_LINK_DOWN of the interface.',
    ['device', 'interface'], true);
  const up = gauge('jetsub_connection_up', '1 while the connection to the device\'s broker is up, else 0.', ['device']);
  const state = gauge('jetsub_connection_state', 'The connection\'s state: 1 for the current one.', ['device', 'state']);
  const reconnects = counter('jetsub_reconnects_total', 'Connections made again after a loss.', ['device']);
  const gaps = counter('jetsub_gaps_total', 'Connections lost and back (or still lost at the end): events meanwhile are lost.', ['device']);
  const gapSeconds = counter('jetsub_gap_seconds_total', 'Seconds without a connection, summed over the gaps.', ['device']);
  const oversize = counter('jetsub_oversize_payloads_total', 'Payloads over --max-payload, skipped.', ['device']);
  const redeliveries = counter('jetsub_redeliveries_dropped_total', 'Redeliveries (MQTT DUP) dropped by --dedupe.', ['device']);
  const connected = new Set<string>();
  // An interface's two series, found once (by device, then name: no key string built per event); kept only when its
  // link state has a series (it counts against the cap).
  const interfaces = new Map<string, Map<string, { link: Series | null; flaps: Series | null }>>();
  const interfaceOf = (device: string, name: string) => {
    let names = interfaces.get(device);
    const found = names?.get(name);
    if (found !== undefined) return found;
    const made = { link: link.series([device, name], LINK_STATE.unknown), flaps: flaps.series([device, name], 0) };
    if (made.link === null) return made;
    if (names === undefined) interfaces.set(device, (names = new Map()));
    names.set(name, made);
    return made;
  };
  const setLink = (device: string, name: string, direction: 'up' | 'down', flapped: number) => {
    const series = interfaceOf(device, name);
    if (series.flaps !== null) series.flaps.value += flapped;
    if (series.link !== null) series.link.value = LINK_STATE[direction];
  };
  const setState = (device: string, current: ConnectionState) => {
    for (const each of CONNECTION_STATES) state.set([device, each], each === current ? 1 : 0);
    up.set([device], current === 'connected' ? 1 : 0);
  };
  const connection = (event: ConnectionEvent) => {
    const { device } = event;
    // From 0, so that increase() over a first reconnect, gap or skipped payload sees it.
    if (event.type === 'connecting') for (const each of [reconnects, gaps, gapSeconds, oversize, redeliveries]) each.add([device], 0);
    if (event.type === 'connecting' || event.type === 'reconnecting') setState(device, event.type);
    else if (event.type === 'fatal') setState(device, 'unreachable');
    else if (event.type === 'connected') {
      if (connected.has(device)) reconnects.add([device]);
      connected.add(device);
      setState(device, 'connected');
    }
  };

  return {
    event(record: EventRecord) {
      const { device, kind } = record;
      events.add([device, kind, readEventId(record) ?? '', record.valid === null ? 'unknown' : String(record.valid)]);
      if (record.valid === false) invalid.add([device, kind, record.event === null ? 'not_json' : 'schema']);
      const trap = readLinkTrap(record);
      if (trap !== null) {
        const flapped = trap.direction === 'up' && interfaceOf(device, trap.interface).link?.value === LINK_STATE.down ? 1 : 0;
        setLink(device, trap.interface, trap.direction, flapped);
      } else if (kind === 'ifd' && record.topic_fields.interface !== undefined) {
        const series = interfaceOf(device, record.topic_fields.interface);
        if (record.action === 'delete' && series.link !== null) series.link.value = LINK_STATE.down;
      }
    },
    flaps(device: string, name: string, count: number, after: 'up' | 'down') {
      setLink(device, name, after, count);
    },
    notice(notice: Notice) {
      if (notice.type === 'connection') connection(notice.event);
      else if (notice.type === 'gap') {
        const { gap } = notice;
        gaps.add([gap.device]);
        gapSeconds.add([gap.device], Math.max(0, gap.to.getTime() - gap.from.getTime()) / 1000);
        if (gap.open !== true) setState(gap.device, 'connected');
      } else if (notice.type === 'oversize') oversize.add([notice.device]);
      else if (notice.type === 'redelivery') redeliveries.add([notice.device]);
      else if (notice.type === 'start-failure' || notice.type === 'given-up') setState(notice.device, 'unreachable');
    },
  };
}

/**
 * `jetsub doctor`: the checks for one broker, in order — name resolution, TCP, the MQTT
 * handshake, the subscription jetsub needs, a publish that comes back — each a pass or a
 * fail with the likely cause in words. A failed step skips those that need it. The
 * socket work is injected (src/transport/probe.ts), so this reads as the procedure.
 */
import type { ConnectionSettings } from '../transport/settings.js';
import { ALL_EVENTS_FILTER } from '../topics/catalog.js';
import type { MqttSession, TcpProbe } from '../transport/probe.js';
import type { PublisherOptions } from '../transport/publisher.js';
import { type FailureReason, describeFailure, formatAllowClientsHint } from '../transport/reasons.js';
import { type Target, formatTarget } from '../transport/target.js';

export const STEPS = ['resolve', 'tcp', 'mqtt', 'subscribe', 'round-trip'] as const;
export type Step = (typeof STEPS)[number];

export interface StepResult {
  step: Step;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
  /** The likely cause and the fix, one line each (failures only). */
  hints: string[];
}

export interface Probes {
  resolveHost(host: string): Promise<string[]>;
  probeTcp(address: string, port: number, timeoutMs: number): Promise<TcpProbe>;
  sourceAddressFor(address: string, port: number): Promise<string | undefined>;
  /** Rejects with something carrying `failure: FailureReason` (a ConnectFailure) when the handshake fails. */
  probeMqtt(options: PublisherOptions): Promise<MqttSession>;
}

/** How long a published message may take to come back (at most --connect-timeout). */
const ROUND_TRIP_MS = 5000;
const VERSIONS = { 3: '3.1', 4: '3.1.1', 5: '5' } as const;

/** `filter`: what tail would subscribe to (`/junos/events/#`, under --topic-prefix and --share when given). */
export async function checkTarget(
  target: Target, settings: ConnectionSettings, probes: Probes, filter = ALL_EVENTS_FILTER,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const done = () => [...results, ...STEPS.slice(results.length).map((step) => skip(step))];
  const where = formatTarget(target);

  let addresses: string[];
  try {
    addresses = await probes.resolveHost(target.host);
    const isAddress = addresses.length === 1 && addresses[0] === target.host;
    results.push(pass('resolve', isAddress ? `${target.host} is an address` : `${target.host} is ${addresses.join(', ')}`));
  } catch (error) {
    results.push(fail('resolve', describeFailure(error, where).reason, []));
    return done();
  }

  const address = addresses[0]!;
  let tcp: TcpProbe;
  try {
    tcp = await probes.probeTcp(address, target.port, settings.connectTimeoutMs);
    results.push(pass('tcp', `${hostPort(address, target.port)} accepts connections (${ms(tcp.ms)})`));
  } catch (error) {
    const failure = describeFailure(error, where);
    results.push(fail('tcp', failure.reason, routerHints(failure, await probes.sourceAddressFor(address, target.port), target.port)));
    return done();
  }

  let session: MqttSession;
  try {
    session = await probes.probeMqtt({ ...settings, target });
    const tls = target.protocol === 'mqtts' ? ', over TLS' : '';
    const accepted = `MQTT ${VERSIONS[settings.protocolVersion]} handshake accepted, client id ${settings.clientId}${tls}`;
    results.push(pass('mqtt', `${accepted} (${ms(session.ms)})`));
  } catch (error) {
    const failure = (error as { failure?: FailureReason }).failure ?? describeFailure(error, where);
    results.push(fail('mqtt', failure.reason, routerHints(failure, tcp.localAddress, target.port)));
    return done();
  }

  try {
    results.push(await checkSubscription(session, filter));
    results.push(await checkRoundTrip(session, `jetsub/doctor/${settings.clientId}`, Math.min(ROUND_TRIP_MS, settings.connectTimeoutMs)));
  } finally {
    await session.close().catch(() => undefined);
  }
  return results;
}

async function checkSubscription(session: MqttSession, filter: string): Promise<StepResult> {
  try {
    const granted = await session.subscribe(filter);
    if (granted !== null) return pass('subscribe', `the broker grants ${filter} (qos ${granted})`);
    return fail('subscribe', `the broker refused the subscription to ${filter}`,
      [`a router's own broker grants ${ALL_EVENTS_FILTER}: this is a central broker's ACL; allow this user (-u) to read ${filter}`]);
  } catch (error) {
    return fail('subscribe', error instanceof Error ? error.message : String(error), []);
  }
}

async function checkRoundTrip(session: MqttSession, topic: string, timeoutMs: number): Promise<StepResult> {
  try {
    return pass('round-trip', `a message published to ${topic} came back (${ms(await session.roundTrip(topic, timeoutMs))})`);
  } catch (error) {
    return fail('round-trip', `${topic}: ${error instanceof Error ? error.message : String(error)}`,
      ['the broker\'s ACL may forbid publishing or subscribing there; tail only needs the subscription above']);
  }
}

/** Where the router's configuration is a likely cause: the statements that fix it. */
function routerHints(failure: FailureReason, source: string | undefined, port: number): string[] {
  if (!failure.allowClients) return [];
  return [
    'a router accepts only the clients listed in its notification service; allow this host:',
    formatAllowClientsHint(source),
    ...(port === 1883 ? [] : [`and, for port ${port}: set system services extension-service notification port ${port}`]),
  ];
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

function pass(step: Step, detail: string): StepResult {
  return { step, status: 'pass', detail, hints: [] };
}

function fail(step: Step, detail: string, hints: string[]): StepResult {
  return { step, status: 'fail', detail, hints };
}

function skip(step: Step): StepResult {
  return { step, status: 'skip', detail: 'not checked: a step before it failed', hints: [] };
}

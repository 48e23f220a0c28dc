/**
 * A network namespace joined to this one by a veth pair, for faults loopback cannot make:
 * a half-open link (iptables DROP inside the namespace: packets vanish, nothing closes).
 * Needs root (the tests run as root here). `remove()` deletes the namespace and the pair.
 */
import { execBounded } from './processes.js';

export interface Netns {
  name: string;
  /** This side's address (where a broker for the namespace listens). */
  hostAddress: string;
  /** Runs a command inside the namespace: prefix for startCli's `command`. */
  exec: readonly string[];
  /** Drops every packet from and to `hostAddress` inside the namespace: the link goes silent. */
  drop(): Promise<void>;
  /** Lets packets through again. */
  restore(): Promise<void>;
  remove(): Promise<void>;
}

const run = (args: readonly string[]) => execBounded(args[0]!, args.slice(1), { timeoutMs: 10_000 });

export async function createNetns(): Promise<Netns> {
  const id = `${process.pid % 1000}${Math.floor(Math.random() * 100)}`;
  const name = `jetsub-${id}`;
  const subnet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}`;
  const hostAddress = `${subnet}.1`;
  const hostIf = `js${id}h`;
  const nsIf = `js${id}n`;
  await run(['ip', 'netns', 'add', name]);
  const inNs = ['ip', 'netns', 'exec', name];
  try {
    await run(['ip', 'link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    await run(['ip', 'link', 'set', nsIf, 'netns', name]);
    await run(['ip', 'addr', 'add', `${hostAddress}/30`, 'dev', hostIf]);
    await run(['ip', 'link', 'set', hostIf, 'up']);
    await run([...inNs, 'ip', 'addr', 'add', `${subnet}.2/30`, 'dev', nsIf]);
    await run([...inNs, 'ip', 'link', 'set', nsIf, 'up']);
    await run([...inNs, 'ip', 'link', 'set', 'lo', 'up']);
  } catch (error) {
    await run(['ip', 'netns', 'del', name]).catch(() => undefined);
    throw error;
  }
  const rule = (op: '-A' | '-D') => Promise.all([
    run([...inNs, 'iptables', op, 'INPUT', '-s', hostAddress, '-j', 'DROP']),
    run([...inNs, 'iptables', op, 'OUTPUT', '-d', hostAddress, '-j', 'DROP']),
  ]).then(() => undefined);
  return {
    name,
    hostAddress,
    exec: inNs,
    drop: () => rule('-A'),
    restore: () => rule('-D'),
    async remove() {
      await run(['ip', 'netns', 'del', name]);
      await run(['ip', 'link', 'del', hostIf]).catch(() => undefined);
    },
  };
}

/**
 * The topic-selection flags (shared by tail, demo and top): declarations, and their values
 * as a TopicSelection for src/topics/compile.ts.
 */
import { type Command, Option } from 'commander';
import type { NameArg, TopicSelection } from '../topics/selection.js';
import { collect } from './collect.js';

/** commander calls this for each occurrence; an optional value left out arrives as ''. */
function collectName(value: string, previous: unknown): NameArg[] {
  return collect(value, previous).map((v) => (v === '' ? true : v));
}

function nameOption(flags: string, description: string): Option {
  return new Option(flags, description).preset('').argParser(collectName);
}

export function addTopicFlags(cmd: Command): Command {
  cmd.optionsGroup('Topic selection (repeatable; combined as a union; none = every Junos event):');
  cmd.addOption(nameOption('--ifd [name]', 'physical interface events; no name = every interface'));
  cmd.addOption(nameOption('--ifl [name]', 'logical interface events (ge-0/0/0 = all its units, ge-0/0/0.100 = one)'));
  cmd.addOption(nameOption('--iff [name]', 'interface family events'));
  cmd.addOption(nameOption('--ifa [name]', 'interface address events'));
  cmd.option('--interface <name>', 'ifd, ifl, iff and ifa events of one interface (with a unit: that unit only)', collect);
  cmd.option('--family <family>', 'narrow --iff, --ifa, --route to a family (inet, inet6, mpls, ...)', collect);
  cmd.option('--address <addr[/len]>', 'narrow --ifa to an address', collect);
  cmd.addOption(nameOption('--route [prefix]', 'route events; with a prefix (10.0.0.0/8), that exact prefix'));
  cmd.addOption(nameOption('--route-table [table]', 'route table events'));
  cmd.option('--lr <logical-router>', 'narrow --route-table to a logical router', collect);
  cmd.option('--within <cidr>', 'routes and interface addresses inside a CIDR (alone: both)', collect);
  cmd.addOption(nameOption('--firewall [filter]', 'firewall filter events'));
  cmd.addOption(nameOption('--syslog [EVENT_ID]', "syslog events; a glob such as 'SNMP_TRAP_LINK_*' works"));
  cmd.option('--config-update', 'configuration diffs after each commit');
  cmd.option('--all', 'every Junos event (/junos/events/#)');
  cmd.option('-t, --topic <filter>', 'a raw MQTT topic filter (checked for syntax)', collect);
  cmd.option('--action <action>', 'narrow kernel events to add, change, delete (comma list; alone: every kernel class)', collect);
  return cmd;
}

export function readTopicSelection(flags: Record<string, unknown>): TopicSelection {
  const pick = <T>(key: string) => flags[key] as T | undefined;
  return {
    ifd: pick('ifd'), ifl: pick('ifl'), iff: pick('iff'), ifa: pick('ifa'),
    interface: pick('interface'), family: pick('family'), address: pick('address'),
    route: pick('route'), routeTable: pick('routeTable'), lr: pick('lr'), within: pick('within'),
    firewall: pick('firewall'), syslog: pick('syslog'),
    configUpdate: pick('configUpdate'), all: pick('all'), topic: pick('topic'), action: pick('action'),
  };
}

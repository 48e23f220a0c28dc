import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../../src/errors.js';
import { type TopicSelection, compileTopicFilters } from '../../../src/topics/compile.js';
import { describeFilterProblem } from '../../../src/topics/mqtt-filter.js';
import { isSelected } from './is-selected.js';

const R = '/junos/events';
const K = `${R}/kernel`;
const I = `${K}/interfaces`;

/** Sample topics by short key: `ifd/...` is under interfaces, `fw/` a firewall filter, `rt/` a route table. */
const IFD = ['ifd/add/ge-0/0/0', 'ifd/change/ge-0/0/5', 'ifd/delete/ge-1/0/0', 'ifd/add/lo0', 'ifd/change/ae0', 'ifd/add/xe-0/0/0:1'];
const IFL = [
  'ifl/add/ge-0/0/0.100', 'ifl/delete/ge-0/0/0.0', 'ifl/change/ge-0/0/2.0', 'ifl/add/lo0.0', 'ifl/change/ae0.100',
  'ifl/add/irb.310', 'ifl/add/xe-0/0/0:1.0', 'ifl/delete/et-1/0/0:2.100',
];
const IFF = [
  'iff/add/ge-0/0/0.100/inet6', 'iff/add/lo0.0/inet', 'iff/change/ae0.100/inet', 'iff/add/xe-0/0/0:1.0/inet',
  'iff/delete/irb.310/ethernet-switching',
];
const IFA = [
  'ifa/add/xe-0/0/1.0/inet/192.168.20.1/32', 'ifa/delete/ge-0/0/0.100/inet6/2001:db8:0:1::1/128',
  'ifa/add/lo0.0/inet/10.255.0.1/32', 'ifa/add/lo0.0/inet6/fe80::1/128', 'ifa/change/irb.310/inet/10.31.0.1/24',
  'ifa/add/ae0.100/inet/192.0.2.1/24',
  // the same address as the ge-0/0/0.100 one, spelled differently
  'ifa/add/xe-0/0/0:1.0/inet6/2001:DB8:0:1:0:0:0:1/64',
];
const FW = ['fw/add/protect-re', 'fw/change/protect-mgmt', 'fw/add/ge-0/0/0.0-i', 'fw/delete/__default_bpdu_filter__'];
const ROUTE = [
  'route/add/inet/10.20.0.0/16', 'route/change/inet/10.0.0.0/8', 'route/delete/inet/192.0.2.0/24', 'route/add/inet/0.0.0.0/0',
  'route/delete/inet6/2001:db8::/32', 'route/add/inet6/2001:db8:1::/48', 'route/add/inet6/::/0',
];
const RT = ['rt/add/VRF-A.inet.0/default', 'rt/change/inet.0/default', 'rt/delete/VRF-B.inet6.0/lr1'];
const SYSLOG = ['syslog/LOGIN_INFORMATION', 'syslog/SNMP_TRAP_LINK_DOWN', 'syslog/SNMP_TRAP_LINK_UP', 'syslog/UI_COMMIT_COMPLETED', 'syslog/SYSTEM'];
const KERNEL = [...IFD, ...IFL, ...IFF, ...IFA, ...FW, ...ROUTE, ...RT];
const JUNOS = [...KERNEL, ...SYSLOG, 'config-update', 'genpub/other'];
const FOREIGN = ['junos/events/syslog/SYSTEM', 'junos/events/kernel/interfaces/ifd/add/lo0', '$SYS/broker/uptime'];
const SAMPLES = [...JUNOS, ...FOREIGN];

function topicOf(key: string): string {
  const [head] = key.split('/');
  const rest = key.slice(head!.length + 1);
  switch (head) {
    case 'ifd': case 'ifl': case 'iff': case 'ifa': return `${I}/${key}`;
    case 'fw': return `${K}/firewall/filter/${rest}`;
    case 'route': return `${K}/${key}`;
    case 'rt': return `${K}/route-table/${rest}`;
    case 'syslog': return `${R}/${key}`;
    case 'config-update': return `${R}/genpub/config-update`;
    case 'genpub': return `${R}/${key}`;
    default: return key;
  }
}

const withAction = (...actions: string[]) => KERNEL.filter((k) => actions.includes(k.split('/')[1]!));
const withFamily = (keys: string[], ...families: string[]) => keys.filter((k) => families.includes(k.split('/').at(k.startsWith('iff') ? -1 : -3)!));

type Case = [label: string, selection: TopicSelection, filters: string[], exact: boolean, selected: string[]];

const CASES: Case[] = [
  ['no flag', {}, [`${R}/#`], true, JUNOS],
  // --ifd
  ['--ifd', { ifd: [true] }, [`${I}/ifd/+/#`], true, IFD],
  ['--ifd ge-0/0/*', { ifd: ['ge-0/0/*'] }, [`${I}/ifd/+/ge-0/0/+`], true, ['ifd/add/ge-0/0/0', 'ifd/change/ge-0/0/5']],
  ['--ifd ge-0/0/0', { ifd: ['ge-0/0/0'] }, [`${I}/ifd/+/ge-0/0/0`], true, ['ifd/add/ge-0/0/0']],
  ['--ifd lo0', { ifd: ['lo0'] }, [`${I}/ifd/+/lo0`], true, ['ifd/add/lo0']],
  ['--ifd ge-*', { ifd: ['ge-*'] }, [`${I}/ifd/+/#`], false, ['ifd/add/ge-0/0/0', 'ifd/change/ge-0/0/5', 'ifd/delete/ge-1/0/0']],
  ['--ifd *', { ifd: ['*'] }, [`${I}/ifd/+/#`], true, IFD],
  ['--ifd xe-0/0/0:*', { ifd: ['xe-0/0/0:*'] }, [`${I}/ifd/+/xe-0/0/+`], false, ['ifd/add/xe-0/0/0:1']],
  ['--ifd */0/0', { ifd: ['*/0/0'] }, [`${I}/ifd/+/+/0/0`], true, ['ifd/add/ge-0/0/0', 'ifd/delete/ge-1/0/0']],
  // --ifl, --iff, --ifa
  ['--ifl', { ifl: [true] }, [`${I}/ifl/+/#`], true, IFL],
  ['--iff', { iff: [true] }, [`${I}/iff/+/#`], true, IFF],
  ['--ifa', { ifa: [true] }, [`${I}/ifa/+/#`], true, IFA],
  ['--ifl ge-0/0/0', { ifl: ['ge-0/0/0'] }, [`${I}/ifl/+/ge-0/0/+`], false, ['ifl/add/ge-0/0/0.100', 'ifl/delete/ge-0/0/0.0']],
  ['--ifl ge-0/0/0.100', { ifl: ['ge-0/0/0.100'] }, [`${I}/ifl/+/ge-0/0/0.100`], true, ['ifl/add/ge-0/0/0.100']],
  ['--ifl ae0.*', { ifl: ['ae0.*'] }, [`${I}/ifl/+/+`], false, ['ifl/change/ae0.100']],
  ['--ifl *.0', { ifl: ['*.0'] }, [`${I}/ifl/+/#`], false,
    ['ifl/delete/ge-0/0/0.0', 'ifl/change/ge-0/0/2.0', 'ifl/add/lo0.0', 'ifl/add/xe-0/0/0:1.0']],
  ['--ifl ge-0/0/*', { ifl: ['ge-0/0/*'] }, [`${I}/ifl/+/ge-0/0/+`], true,
    ['ifl/add/ge-0/0/0.100', 'ifl/delete/ge-0/0/0.0', 'ifl/change/ge-0/0/2.0']],
  ['--ifl et-1/0/0:2.100', { ifl: ['et-1/0/0:2.100'] }, [`${I}/ifl/+/et-1/0/0:2.100`], true, ['ifl/delete/et-1/0/0:2.100']],
  ['--ifl irb.3*', { ifl: ['irb.3*'] }, [`${I}/ifl/+/+`], false, ['ifl/add/irb.310']],
  ['--iff ae0', { iff: ['ae0'] }, [`${I}/iff/+/+/+`], false, ['iff/change/ae0.100/inet']],
  ['--ifa lo0.0', { ifa: ['lo0.0'] }, [`${I}/ifa/+/lo0.0/+/+/+`], true,
    ['ifa/add/lo0.0/inet/10.255.0.1/32', 'ifa/add/lo0.0/inet6/fe80::1/128']],
  // --interface: every class of that interface (no ifd when a unit is given)
  ['--interface ae0', { interface: ['ae0'] },
    [`${I}/ifd/+/ae0`, `${I}/ifl/+/+`, `${I}/iff/+/+/+`, `${I}/ifa/+/+/+/+/+`], false,
    ['ifd/change/ae0', 'ifl/change/ae0.100', 'iff/change/ae0.100/inet', 'ifa/add/ae0.100/inet/192.0.2.1/24']],
  ['--interface ge-0/0/0', { interface: ['ge-0/0/0'] },
    [`${I}/ifd/+/ge-0/0/0`, `${I}/ifl/+/ge-0/0/+`, `${I}/iff/+/ge-0/0/+/+`, `${I}/ifa/+/ge-0/0/+/+/+/+`], false,
    ['ifd/add/ge-0/0/0', 'ifl/add/ge-0/0/0.100', 'ifl/delete/ge-0/0/0.0', 'iff/add/ge-0/0/0.100/inet6',
      'ifa/delete/ge-0/0/0.100/inet6/2001:db8:0:1::1/128']],
  ['--interface ge-0/0/0.100', { interface: ['ge-0/0/0.100'] },
    [`${I}/ifl/+/ge-0/0/0.100`, `${I}/iff/+/ge-0/0/0.100/+`, `${I}/ifa/+/ge-0/0/0.100/+/+/+`], true,
    ['ifl/add/ge-0/0/0.100', 'iff/add/ge-0/0/0.100/inet6', 'ifa/delete/ge-0/0/0.100/inet6/2001:db8:0:1::1/128']],
  ['--interface xe-0/0/0:1', { interface: ['xe-0/0/0:1'] },
    [`${I}/ifd/+/xe-0/0/0:1`, `${I}/ifl/+/xe-0/0/+`, `${I}/iff/+/xe-0/0/+/+`, `${I}/ifa/+/xe-0/0/+/+/+/+`], false,
    ['ifd/add/xe-0/0/0:1', 'ifl/add/xe-0/0/0:1.0', 'iff/add/xe-0/0/0:1.0/inet', 'ifa/add/xe-0/0/0:1.0/inet6/2001:DB8:0:1:0:0:0:1/64']],
  ['--interface lo0.0 --family inet', { interface: ['lo0.0'], family: ['inet'] },
    [`${I}/ifl/+/lo0.0`, `${I}/iff/+/lo0.0/inet`, `${I}/ifa/+/lo0.0/inet/+/+`], true,
    ['ifl/add/lo0.0', 'iff/add/lo0.0/inet', 'ifa/add/lo0.0/inet/10.255.0.1/32']],
  // --family
  ['--family inet', { family: ['inet'] }, [`${I}/iff/+/#`, `${I}/ifa/+/#`, `${K}/route/+/inet/+/+`], false,
    [...withFamily(IFF, 'inet'), ...withFamily(IFA, 'inet'), ...withFamily(ROUTE, 'inet')]],
  ['--iff --family inet6 --family ethernet-switching', { iff: [true], family: ['inet6', 'ethernet-switching'] }, [`${I}/iff/+/#`], false,
    ['iff/add/ge-0/0/0.100/inet6', 'iff/delete/irb.310/ethernet-switching']],
  ['--family inet*', { family: ['inet*'] }, [`${I}/iff/+/#`, `${I}/ifa/+/#`, `${K}/route/+/+/+/+`], false,
    [...withFamily(IFF, 'inet', 'inet6'), ...IFA, ...ROUTE]],
  ['--route --family inet6', { route: [true], family: ['inet6'] }, [`${K}/route/+/inet6/+/+`], true, withFamily(ROUTE, 'inet6')],
  ['--iff lo0.0 --family inet', { iff: ['lo0.0'], family: ['inet'] }, [`${I}/iff/+/lo0.0/inet`], true, ['iff/add/lo0.0/inet']],
  // --address
  ['--address 192.168.20.1', { address: ['192.168.20.1'] }, [`${I}/ifa/+/#`], false, ['ifa/add/xe-0/0/1.0/inet/192.168.20.1/32']],
  ['--ifa xe-0/0/1.0 --address 192.168.20.1/32', { ifa: ['xe-0/0/1.0'], address: ['192.168.20.1/32'] },
    [`${I}/ifa/+/xe-0/0/1.0/+/192.168.20.1/32`], true, ['ifa/add/xe-0/0/1.0/inet/192.168.20.1/32']],
  ['--address 2001:db8:0:1::1 (any spelling in the topic)', { address: ['2001:db8:0:1::1'] }, [`${I}/ifa/+/#`], false,
    ['ifa/delete/ge-0/0/0.100/inet6/2001:db8:0:1::1/128', 'ifa/add/xe-0/0/0:1.0/inet6/2001:DB8:0:1:0:0:0:1/64']],
  ['--address 2001:db8:0:1::1/64', { address: ['2001:db8:0:1::1/64'] }, [`${I}/ifa/+/#`], false,
    ['ifa/add/xe-0/0/0:1.0/inet6/2001:DB8:0:1:0:0:0:1/64']],
  ['--ifa ge-0/0/0.100 --family inet6 --address 2001:0db8:0:1:0:0:0:1/128',
    { ifa: ['ge-0/0/0.100'], family: ['inet6'], address: ['2001:0db8:0:1:0:0:0:1/128'] },
    [`${I}/ifa/+/ge-0/0/0.100/inet6/+/128`], false, ['ifa/delete/ge-0/0/0.100/inet6/2001:db8:0:1::1/128']],
  ['--interface ae0 --address 192.0.2.1', { interface: ['ae0'], address: ['192.0.2.1'] },
    [`${I}/ifd/+/ae0`, `${I}/ifl/+/+`, `${I}/iff/+/+/+`, `${I}/ifa/+/+/+/192.0.2.1/+`], false,
    ['ifd/change/ae0', 'ifl/change/ae0.100', 'iff/change/ae0.100/inet', 'ifa/add/ae0.100/inet/192.0.2.1/24']],
  // --within
  ['--within 10.0.0.0/8', { within: ['10.0.0.0/8'] }, [`${I}/ifa/+/#`, `${K}/route/+/+/+/+`], false,
    ['ifa/add/lo0.0/inet/10.255.0.1/32', 'ifa/change/irb.310/inet/10.31.0.1/24', 'route/add/inet/10.20.0.0/16', 'route/change/inet/10.0.0.0/8']],
  ['--within 2001:db8::/32', { within: ['2001:db8::/32'] }, [`${I}/ifa/+/#`, `${K}/route/+/+/+/+`], false,
    ['ifa/delete/ge-0/0/0.100/inet6/2001:db8:0:1::1/128', 'ifa/add/xe-0/0/0:1.0/inet6/2001:DB8:0:1:0:0:0:1/64',
      'route/delete/inet6/2001:db8::/32', 'route/add/inet6/2001:db8:1::/48']],
  ['--route --within 10.0.0.0/8 --within 2001:db8:1::/48', { route: [true], within: ['10.0.0.0/8', '2001:db8:1::/48'] },
    [`${K}/route/+/+/+/+`], false, ['route/add/inet/10.20.0.0/16', 'route/change/inet/10.0.0.0/8', 'route/add/inet6/2001:db8:1::/48']],
  ['--ifa --within 192.0.2.0/24', { ifa: [true], within: ['192.0.2.0/24'] }, [`${I}/ifa/+/#`], false, ['ifa/add/ae0.100/inet/192.0.2.1/24']],
  ['--within 0.0.0.0/0', { within: ['0.0.0.0/0'] }, [`${I}/ifa/+/#`, `${K}/route/+/+/+/+`], false,
    [...withFamily(IFA, 'inet'), ...withFamily(ROUTE, 'inet')]],
  ['--ifa lo0.0 --within ::/0', { ifa: ['lo0.0'], within: ['::/0'] }, [`${I}/ifa/+/lo0.0/+/+/+`], false, ['ifa/add/lo0.0/inet6/fe80::1/128']],
  // --lr and --route-table
  ['--lr default', { lr: ['default'] }, [`${K}/route-table/+/+/default`], true, ['rt/add/VRF-A.inet.0/default', 'rt/change/inet.0/default']],
  ['--route-table VRF-* --lr default', { routeTable: ['VRF-*'], lr: ['default'] }, [`${K}/route-table/+/+/default`], false,
    ['rt/add/VRF-A.inet.0/default']],
  ['--route-table', { routeTable: [true] }, [`${K}/route-table/+/+/+`], true, RT],
  ['--route-table inet.0', { routeTable: ['inet.0'] }, [`${K}/route-table/+/inet.0/+`], true, ['rt/change/inet.0/default']],
  ['--route-table VRF-?.inet*.0', { routeTable: ['VRF-?.inet*.0'] }, [`${K}/route-table/+/+/+`], false,
    ['rt/add/VRF-A.inet.0/default', 'rt/delete/VRF-B.inet6.0/lr1']],
  ['--route-table --lr lr*', { routeTable: [true], lr: ['lr*'] }, [`${K}/route-table/+/+/+`], false, ['rt/delete/VRF-B.inet6.0/lr1']],
  // --route
  ['--route', { route: [true] }, [`${K}/route/+/+/+/+`], true, ROUTE],
  ['--route 10.0.0.0/8', { route: ['10.0.0.0/8'] }, [`${K}/route/+/+/10.0.0.0/8`], true, ['route/change/inet/10.0.0.0/8']],
  ['--route 2001:db8::/32', { route: ['2001:db8::/32'] }, [`${K}/route/+/+/+/32`], false, ['route/delete/inet6/2001:db8::/32']],
  ['--route 10.0.0.0/8 --family inet', { route: ['10.0.0.0/8'], family: ['inet'] }, [`${K}/route/+/inet/10.0.0.0/8`], true,
    ['route/change/inet/10.0.0.0/8']],
  ['--route 10.0.0.0/8 --family inet* (a family glob that includes inet)', { route: ['10.0.0.0/8'], family: ['inet*'] },
    [`${K}/route/+/+/10.0.0.0/8`], false, ['route/change/inet/10.0.0.0/8']],
  ['--route 2001:db8::/32 --family *', { route: ['2001:db8::/32'], family: ['*'] }, [`${K}/route/+/+/+/32`], false,
    ['route/delete/inet6/2001:db8::/32']],
  ['--route ::/0 --route 0.0.0.0/0', { route: ['::/0', '0.0.0.0/0'] }, [`${K}/route/+/+/+/0`], false,
    ['route/add/inet/0.0.0.0/0', 'route/add/inet6/::/0']],
  // --action
  ['--action add', { action: ['add'] },
    [`${I}/+/add/#`, `${K}/firewall/filter/add/#`, `${K}/route/add/#`, `${K}/route-table/add/#`], true, withAction('add')],
  ['--action add,delete', { action: ['add,delete'] },
    [`${I}/+/add/#`, `${K}/firewall/filter/add/#`, `${K}/route/add/#`, `${K}/route-table/add/#`,
      `${I}/+/delete/#`, `${K}/firewall/filter/delete/#`, `${K}/route/delete/#`, `${K}/route-table/delete/#`], true,
    withAction('add', 'delete')],
  ['--action add --action change --action delete (every kernel event, no syslog)', { action: ['add', 'change', 'delete'] },
    [`${I}/+/+/#`, `${K}/firewall/filter/+/#`, `${K}/route/+/#`, `${K}/route-table/+/#`], true, KERNEL],
  ['--ifd --action change', { ifd: [true], action: ['change'] }, [`${I}/ifd/change/#`], true, ['ifd/change/ge-0/0/5', 'ifd/change/ae0']],
  ['--ifl ae0 --iff ae0 --action add,change', { ifl: ['ae0'], iff: ['ae0'], action: ['add,change'] },
    [`${I}/ifl/add/+`, `${I}/ifl/change/+`, `${I}/iff/add/+/+`, `${I}/iff/change/+/+`], false,
    ['ifl/change/ae0.100', 'iff/change/ae0.100/inet']],
  ['--route --family inet --action "ADD, Delete"', { route: [true], family: ['inet'], action: ['ADD, Delete'] },
    [`${K}/route/add/inet/+/+`, `${K}/route/delete/inet/+/+`], true,
    ['route/add/inet/10.20.0.0/16', 'route/add/inet/0.0.0.0/0', 'route/delete/inet/192.0.2.0/24']],
  ['--firewall --route-table --action add', { firewall: [true], routeTable: [true], action: ['add'] },
    [`${K}/firewall/filter/add/#`, `${K}/route-table/add/+/+`], true, ['fw/add/protect-re', 'fw/add/ge-0/0/0.0-i', 'rt/add/VRF-A.inet.0/default']],
  ['--family inet --action delete', { family: ['inet'], action: ['delete'] },
    [`${I}/iff/delete/#`, `${I}/ifa/delete/#`, `${K}/route/delete/inet/+/+`], false, ['route/delete/inet/192.0.2.0/24']],
  // --firewall
  ['--firewall', { firewall: [true] }, [`${K}/firewall/filter/+/#`], true, FW],
  ['--firewall protect-*', { firewall: ['protect-*'] }, [`${K}/firewall/filter/+/#`], false, ['fw/add/protect-re', 'fw/change/protect-mgmt']],
  ['--firewall protect-re', { firewall: ['protect-re'] }, [`${K}/firewall/filter/+/protect-re`], true, ['fw/add/protect-re']],
  ['--firewall ge-0/0/0.0-i', { firewall: ['ge-0/0/0.0-i'] }, [`${K}/firewall/filter/+/ge-0/0/0.0-i`], true, ['fw/add/ge-0/0/0.0-i']],
  ['--firewall ge-0/0/*', { firewall: ['ge-0/0/*'] }, [`${K}/firewall/filter/+/ge-0/0/+`], true, ['fw/add/ge-0/0/0.0-i']],
  ['--firewall *-i (crosses /)', { firewall: ['*-i'] }, [`${K}/firewall/filter/+/#`], false, ['fw/add/ge-0/0/0.0-i']],
  // --syslog, --config-update, --all, -t
  ['--syslog', { syslog: [true] }, [`${R}/syslog/+`], true, SYSLOG],
  ['--syslog SNMP_TRAP_LINK_*', { syslog: ['SNMP_TRAP_LINK_*'] }, [`${R}/syslog/+`], false, ['syslog/SNMP_TRAP_LINK_DOWN', 'syslog/SNMP_TRAP_LINK_UP']],
  ['--syslog login_information', { syslog: ['login_information'] }, [`${R}/syslog/LOGIN_INFORMATION`], true, ['syslog/LOGIN_INFORMATION']],
  ['--syslog SNMP_TRAP_LINK_DOWN --syslog SNMP_TRAP_LINK_UP', { syslog: ['SNMP_TRAP_LINK_DOWN', 'SNMP_TRAP_LINK_UP'] },
    [`${R}/syslog/SNMP_TRAP_LINK_DOWN`, `${R}/syslog/SNMP_TRAP_LINK_UP`], true, ['syslog/SNMP_TRAP_LINK_DOWN', 'syslog/SNMP_TRAP_LINK_UP']],
  ['--config-update', { configUpdate: true }, [`${R}/genpub/config-update`], true, ['config-update']],
  ['--all', { all: true }, [`${R}/#`], true, JUNOS],
  ['-t /junos/events/kernel/#', { topic: ['/junos/events/kernel/#'] }, [`${K}/#`], true, KERNEL],
  ['-t junos/# (no leading slash)', { topic: ['junos/#'] }, ['junos/#'], true,
    ['junos/events/syslog/SYSTEM', 'junos/events/kernel/interfaces/ifd/add/lo0']],
  ['-t #', { topic: ['#'] }, ['#'], true, [...JUNOS, 'junos/events/syslog/SYSTEM', 'junos/events/kernel/interfaces/ifd/add/lo0']],
  ['-t $SYS/# -t # (a leading wildcard does not cover $SYS)', { topic: ['$SYS/#', '#'] }, ['$SYS/#', '#'], true, SAMPLES],
  ['--syslog SYSTEM --config-update --ifd lo0', { syslog: ['SYSTEM'], configUpdate: true, ifd: ['lo0'] },
    [`${R}/syslog/SYSTEM`, `${R}/genpub/config-update`, `${I}/ifd/+/lo0`], true, ['syslog/SYSTEM', 'config-update', 'ifd/add/lo0']],
  // duplicates and covered filters collapse
  ['--ifd ge-0/0/0 --ifd ge-0/0/0', { ifd: ['ge-0/0/0', 'ge-0/0/0'] }, [`${I}/ifd/+/ge-0/0/0`], true, ['ifd/add/ge-0/0/0']],
  ['--ifd --ifd ge-0/0/0', { ifd: [true, 'ge-0/0/0'] }, [`${I}/ifd/+/#`], true, IFD],
  ['--ifd ge-0/0/0 --all', { ifd: ['ge-0/0/0'], all: true }, [`${R}/#`], true, JUNOS],
  ['--syslog SNMP_* --syslog', { syslog: ['SNMP_*', true] }, [`${R}/syslog/+`], true, SYSLOG],
  ['--interface ae0 --interface ae0', { interface: ['ae0', 'ae0'] },
    [`${I}/ifd/+/ae0`, `${I}/ifl/+/+`, `${I}/iff/+/+/+`, `${I}/ifa/+/+/+/+/+`], false,
    ['ifd/change/ae0', 'ifl/change/ae0.100', 'iff/change/ae0.100/inet', 'ifa/add/ae0.100/inet/192.0.2.1/24']],
  ['--ifl ge-0/0/0.100 --interface ge-0/0/0', { ifl: ['ge-0/0/0.100'], interface: ['ge-0/0/0'] },
    [`${I}/ifd/+/ge-0/0/0`, `${I}/ifl/+/ge-0/0/+`, `${I}/iff/+/ge-0/0/+/+`, `${I}/ifa/+/ge-0/0/+/+/+/+`], false,
    ['ifd/add/ge-0/0/0', 'ifl/add/ge-0/0/0.100', 'ifl/delete/ge-0/0/0.0', 'iff/add/ge-0/0/0.100/inet6',
      'ifa/delete/ge-0/0/0.100/inet6/2001:db8:0:1::1/128']],
  ['every class flag without a name',
    {
      ifd: [true], ifl: [true], iff: [true], ifa: [true], firewall: [true], route: [true], routeTable: [true], syslog: [true],
      configUpdate: true,
    },
    [`${I}/ifd/+/#`, `${I}/ifl/+/#`, `${I}/iff/+/#`, `${I}/ifa/+/#`, `${K}/firewall/filter/+/#`, `${K}/route/+/+/+/+`,
      `${K}/route-table/+/+/+`, `${R}/syslog/+`, `${R}/genpub/config-update`], true, [...KERNEL, ...SYSLOG, 'config-update']],
  // overlapping filters merge into one subscription, checked on the client
  ['--ifd ge-0/0/0 -t .../ifd/add/#', { ifd: ['ge-0/0/0'], topic: [`${I}/ifd/add/#`] }, [`${I}/ifd/+/#`], false,
    ['ifd/add/ge-0/0/0', 'ifd/add/lo0', 'ifd/add/xe-0/0/0:1']],
  ['--ifd ge-0/0/* --ifd */0/0', { ifd: ['ge-0/0/*', '*/0/0'] }, [`${I}/ifd/+/+/0/+`], false,
    ['ifd/add/ge-0/0/0', 'ifd/change/ge-0/0/5', 'ifd/delete/ge-1/0/0']],
  ['--ifl ge-0/0/0.100 -t .../ifl/add/+/+/+', { ifl: ['ge-0/0/0.100'], topic: [`${I}/ifl/add/+/+/+`] }, [`${I}/ifl/+/+/+/+`], false,
    ['ifl/add/ge-0/0/0.100', 'ifl/add/xe-0/0/0:1.0']],
];

describe('compileTopicFilters', () => {
  it('samples are all distinct and all parse to a topic', () => {
    assert.equal(new Set(SAMPLES.map(topicOf)).size, SAMPLES.length);
  });

  for (const [label, selection, filters, exact, selected] of CASES) {
    describe(label, () => {
      it(`subscribes ${filters.join(' ')}`, () => {
        const compiled = compileTopicFilters(selection);
        assert.deepEqual([...compiled.filters].sort(), [...filters].sort());
        for (const f of compiled.filters) assert.equal(describeFilterProblem(f), null, f);
      });
      it(exact ? 'needs no client-side check' : 'checks on the client', () => {
        assert.equal(compileTopicFilters(selection).accepts === null, exact);
      });
      it('selects exactly the expected sample topics', () => {
        const compiled = compileTopicFilters(selection);
        for (const key of selected) assert.ok(SAMPLES.includes(key), `test table: unknown sample ${key}`);
        const got = SAMPLES.filter((key) => isSelected(compiled, topicOf(key)));
        assert.deepEqual(got, SAMPLES.filter((key) => selected.includes(key)));
      });
    });
  }

  describe('"every interface" includes one-level and channelized names', () => {
    const names = ['lo0.0', 'ae0.100', 'irb.310', 'fxp0.0', 'em0.0', 'xe-0/0/0:1.0', 'et-1/0/0:2.100', 'ge-0/0/0.0'];
    const topics = {
      ifl: (n: string) => `${I}/ifl/add/${n}`,
      iff: (n: string) => `${I}/iff/change/${n}/inet`,
      ifa: (n: string) => `${I}/ifa/delete/${n}/inet6/2001:db8::1/64`,
    } as const;
    for (const kind of ['ifl', 'iff', 'ifa'] as const) {
      for (const arg of [true, '*'] as const) {
        it(`--${kind}${arg === true ? '' : ` '${arg}'`} selects ${names.join(', ')}`, () => {
          const compiled = compileTopicFilters({ [kind]: [arg] });
          for (const n of names) assert.ok(isSelected(compiled, topics[kind](n)), `${kind} ${n}`);
        });
      }
    }
    it('--ifd selects lo0, ae0, irb, fxp0, xe-0/0/0:1', () => {
      const compiled = compileTopicFilters({ ifd: [true] });
      for (const n of ['lo0', 'ae0', 'irb', 'fxp0', 'xe-0/0/0:1', 'ge-0/0/0']) assert.ok(isSelected(compiled, `${I}/ifd/add/${n}`), n);
    });
  });

  describe('notes and warnings', () => {
    it('warns about a --topic without the leading slash', () => {
      const compiled = compileTopicFilters({ topic: ['junos/events/#'] });
      assert.equal(compiled.warnings.length, 1);
      assert.match(compiled.warnings[0]!, /no leading slash.*did you mean '\/junos\/events\/#'/);
    });
    it('says which overlapping filters were merged', () => {
      const compiled = compileTopicFilters({ ifd: ['ge-0/0/0'], topic: [`${I}/ifd/add/#`] });
      assert.ok(compiled.notes.some((n) => n.includes('overlap') && n.includes(`${I}/ifd/+/#`)), compiled.notes.join('\n'));
    });
    it('describes each client-side check with the flag that asked for it', () => {
      const compiled = compileTopicFilters({ ifd: ['ge-*'], syslog: ['SNMP_*'] });
      assert.deepEqual(compiled.notes, [
        '--ifd ge-*: interface matches ge-*', '--syslog SNMP_*: event id is SNMP_*',
        '--syslog SNMP_*: syslog events that name an interface (SNMP_TRAP_LINK_DOWN, SNMP_TRAP_LINK_UP: attributes.interface-name) are kept only for ge-*',
      ]);
    });
    it('has no notes or warnings when MQTT says it all', () => {
      const compiled = compileTopicFilters({ ifl: ['ge-0/0/0.0'], syslog: [true] });
      assert.deepEqual([compiled.notes, compiled.warnings, compiled.acceptsEvent], [[], [], null]);
    });
  });
});

/** [selection, the flag the message must start with, a fragment of the message]. */
const USAGE_ERRORS: [TopicSelection, string, RegExp][] = [
  // MQTT wildcards in names
  [{ ifl: ['ge-0/0/+'] }, '--ifl', /'\+' and '#' are MQTT wildcards/],
  [{ ifd: ['#'] }, '--ifd', /MQTT wildcards/],
  [{ iff: ['ae0.+'] }, '--iff', /MQTT wildcards/],
  [{ ifa: ['lo#'] }, '--ifa', /MQTT wildcards/],
  [{ interface: ['ae+'] }, '--interface', /MQTT wildcards/],
  [{ firewall: ['f#'] }, '--firewall', /MQTT wildcards/],
  [{ routeTable: ['+'] }, '--route-table', /MQTT wildcards/],
  [{ lr: ['+'] }, '--lr', /MQTT wildcards/],
  [{ syslog: ['+'] }, '--syslog', /an event id is letters, digits and _/],
  // malformed names
  [{ ifl: [''] }, '--ifl', /cannot be empty/],
  [{ ifl: ['ge 0/0/0'] }, '--ifl', /spaces or control characters/],
  [{ ifd: ['ge-0/0/0\n'] }, '--ifd', /control characters/],
  [{ ifd: ['/ge-0/0/0'] }, '--ifd', /cannot start or end with \//],
  [{ ifd: ['ge-0/0/0/'] }, '--ifd', /cannot start or end with \//],
  [{ firewall: ['a//b'] }, '--firewall', /empty level/],
  [{ lr: [''] }, '--lr', /cannot be empty/],
  // bad units, units where there are none
  [{ ifl: ['ge-0/0/0.abc'] }, '--ifl', /'abc' is not a logical unit number/],
  [{ ifl: ['ae0.'] }, '--ifl', /'' is not a logical unit number/],
  [{ interface: ['ae0.x'] }, '--interface', /'x' is not a logical unit number/],
  [{ ifd: ['ge-0/0/0.0'] }, '--ifd', /no unit.*--ifl 'ge-0\/0\/0.0'/],
  [{ ifd: ['ae0.*'] }, '--ifd', /no unit/],
  // actions
  [{ action: ['up'] }, '--action', /unknown action/],
  [{ ifd: [true], action: ['add,'] }, '--action', /unknown action/],
  [{ action: ['add'], syslog: [true] }, '--action', /none of them is given/],
  [{ action: ['add'], configUpdate: true }, '--action', /none of them is given/],
  [{ action: ['add,change,delete'], syslog: [true] }, '--action', /none of them is given/],
  [{ action: ['add'], topic: ['/junos/events/#'] }, '--action', /none of them is given/],
  // CIDRs
  [{ within: ['10.0.0.0'] }, '--within', /prefix length is missing/],
  [{ within: ['10.0.0.0/33'] }, '--within', /not a prefix length/],
  [{ within: ['10.0.0.1/8'] }, '--within', /host bits.*did you mean --within 10.0.0.0\/8\?/],
  [{ within: ['2001:db8::1/32'] }, '--within', /host bits.*did you mean --within 2001:db8::\/32\?/],
  [{ within: ['ge-0/0/0'] }, '--within', /not an IPv4 or IPv6 address/],
  [{ route: ['10.0.0.1/8'] }, '--route', /host bits.*did you mean --route 10.0.0.0\/8\?/],
  [{ route: ['10.0.0.0'] }, '--route', /prefix length is missing/],
  [{ route: ['foo'] }, '--route', /not an IPv4 or IPv6 address/],
  [{ route: ['10.0.0.0/8'], family: ['inet6'] }, '--route', /IPv4 prefix is never in family inet6/],
  [{ route: ['2001:db8::/32'], family: ['inet', 'iso*'] }, '--route', /IPv6 prefix is never in family inet\/iso\*/],
  [{ address: ['300.1.1.1'] }, '--address', /not an IPv4 or IPv6 address/],
  [{ address: ['10.0.0.1/33'] }, '--address', /not a prefix length/],
  [{ address: ['fe80::1%eth0'] }, '--address', /not an IPv4 or IPv6 address/],
  // narrowing flags without a class they narrow
  [{ ifd: [true], family: ['inet'] }, '--family', /narrows --iff, --ifa, --route, --interface, and none of them is given/],
  [{ syslog: [true], within: ['10.0.0.0/8'] }, '--within', /none of them is given/],
  [{ syslog: [true], address: ['10.0.0.1'] }, '--address', /none of them is given/],
  [{ route: [true], address: ['10.0.0.1'] }, '--address', /narrows --ifa, --interface/],
  [{ ifa: [true], lr: ['default'] }, '--lr', /narrows --route-table/],
  [{ iff: [true], within: ['10.0.0.0/8'] }, '--within', /none of them is given/],
  [{ all: true, family: ['inet'] }, '--family', /none of them is given/],
  // bad --topic
  [{ topic: ['/junos/#/x'] }, '--topic', /not a valid MQTT topic filter: '#' must be a whole level/],
  [{ topic: ['/junos/events/syslog/SNMP_+'] }, '--topic', /'\+' must be a whole level/],
  [{ topic: [''] }, '--topic', /empty/],
  // bad family, bad event id
  [{ family: ['INET'] }, '--family', /lower-case letters, digits and -/],
  [{ iff: [true], family: ['inet/6'] }, '--family', /lower-case/],
  [{ family: ['in et'] }, '--family', /lower-case/],
  [{ syslog: ['LOGIN INFO'] }, '--syslog', /an event id/],
  [{ syslog: ['A/B'] }, '--syslog', /an event id/],
  [{ syslog: [''] }, '--syslog', /an event id/],
];

describe('compileTopicFilters usage errors', () => {
  for (const [selection, flag, fragment] of USAGE_ERRORS) {
    it(`${JSON.stringify(selection)} → ${flag}: ${fragment.source}`, () => {
      assert.throws(() => compileTopicFilters(selection), (error: unknown) => {
        assert.ok(error instanceof UsageError, `not a UsageError: ${String(error)}`);
        assert.equal(error.exitCode, 2);
        assert.ok(error.message.startsWith(flag), `message does not start with ${flag}: ${error.message}`);
        assert.match(error.message, fragment);
        // the cause, then what would be accepted
        assert.match(error.message, /: .+; .+/);
        return true;
      });
    });
  }
});

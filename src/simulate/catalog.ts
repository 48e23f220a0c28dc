/**
 * The scenarios `jetsub simulate` and `jetsub demo` offer, as data: names, help and
 * defaults. The single source of truth for the names; the generators behind them are in
 * scenarios.ts, loaded only when events are made (this file is read at every start-up).
 */

export interface ScenarioInfo {
  summary: string;
  /** Events per second when --rate is not given; null: as fast as the broker takes them. */
  defaultRate: number | null;
  /** Events when neither --count nor --duration is given; null: until interrupted. */
  defaultCount: number | null;
}

export const SCENARIOS = {
  mixed: {
    summary: 'all of the below in realistic proportions: every kind of event, starting with one of each episode',
    defaultRate: 10, defaultCount: null,
  },
  flap: {
    summary: 'interfaces going down and up: ifd/ifl changes with changing flags, SNMP_TRAP_LINK_DOWN/UP',
    defaultRate: 10, defaultCount: null,
  },
  churn: {
    summary: 'route add/change/delete for IPv4 and IPv6 prefixes in inet.0, inet6.0 and VRF tables',
    defaultRate: 10, defaultCount: null,
  },
  commit: {
    summary: 'commits: UI_COMMIT, the kernel changes they cause (units, addresses on lo0.0 and irb.310, filters, tables), '
      + 'UI_COMMIT_COMPLETED, the config-update diff',
    defaultRate: 10, defaultCount: null,
  },
  login: {
    summary: 'LOGIN_INFORMATION, now and then after SSHD_LOGIN_FAILED attempts',
    defaultRate: 10, defaultCount: null,
  },
  storm: {
    summary: 'a burst of BGP route churn (hundreds of adds, changes, withdrawals) as fast as the broker takes it',
    defaultRate: null, defaultCount: 10_000,
  },
} as const satisfies Record<string, ScenarioInfo>;

export type ScenarioName = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.freeze(Object.keys(SCENARIOS) as ScenarioName[]);

export function isScenarioName(value: string): value is ScenarioName {
  return Object.hasOwn(SCENARIOS, value);
}

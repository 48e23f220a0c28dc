/**
 * The topic flags' values, as commander collects them (src/options/topic-flags.ts) or a
 * library caller gives them: the input of compileTopicFilters (./compile.ts).
 */
/** A flag given with no value (`--ifd`) means "any". */
export type NameArg = string | true;

/** The topic flags of `tail`, as commander collects them (repeatable ones as arrays). */
export interface TopicSelection {
  ifd?: NameArg[];
  ifl?: NameArg[];
  iff?: NameArg[];
  ifa?: NameArg[];
  interface?: string[];
  family?: string[];
  address?: string[];
  route?: NameArg[];
  routeTable?: NameArg[];
  lr?: string[];
  within?: string[];
  firewall?: NameArg[];
  syslog?: NameArg[];
  configUpdate?: boolean;
  all?: boolean;
  topic?: string[];
  action?: string[];
}

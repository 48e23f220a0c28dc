/**
 * Profiles: `$XDG_CONFIG_HOME/jetsub/config.json` (./file.ts) applied to the command about to
 * run (./apply.ts), from one preAction hook in src/cli.ts.
 */
import type { Command } from 'commander';
import { applyProfile } from './apply.js';
import { loadProfile, locateProfile } from './file.js';

export { loadProfile, locateProfile, parseProfile } from './file.js';

const WITHOUT_PROFILE = new WeakSet<Command>();

/** For commands that must work whatever the profile holds (shell completion). */
export function skipProfile(cmd: Command): Command {
  WITHOUT_PROFILE.add(cmd);
  return cmd;
}

/** Reads the profile (if there is one) and fills in the flags of `cmd` that are still at their defaults. */
export function applyProfileTo(cmd: Command, env: NodeJS.ProcessEnv): void {
  if (WITHOUT_PROFILE.has(cmd)) return;
  const profile = loadProfile(env);
  if (profile) applyProfile(cmd, profile, env);
}

/**
 * Where a flag's value came from, for a usage error about it: ` (value from <file>)` when
 * the profile set it, ` (value from $JETSUB_X)` when the environment did, else ''.
 */
export function describeValueOrigin(cmd: Command, flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const option = flag === undefined ? undefined : cmd.options.find((o) => o.long === flag);
  if (!option) return '';
  const source = cmd.getOptionValueSource(option.attributeName());
  if (source === 'config') return ` (value from ${locateProfile(env)})`;
  if (source === 'env' && option.envVar) return ` (value from $${option.envVar})`;
  return '';
}

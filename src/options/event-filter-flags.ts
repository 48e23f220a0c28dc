/**
 * The event filter flags (shared by tail, top and demo): declarations, and their values
 * checked before any socket opens (the filter itself is src/pipeline/event-filter.ts).
 */
import type { Command } from 'commander';
import { compileEventFilter, type EventFilterFlags } from '../pipeline/event-filter.js';
import { collect } from './collect.js';

export function addEventFilterFlags(cmd: Command): Command {
  cmd.optionsGroup('Event filters:');
  cmd.option('--severity <level>', 'at least this severity: emergency, alert, critical, error, warning, notice, info, debug');
  cmd.option('--event-id <glob>', "event id glob, e.g. 'SNMP_TRAP_LINK_*' (repeatable)", collect);
  cmd.option('--hostname <glob>', "router host-name glob (the name inside the event), e.g. 'mx*' (repeatable)", collect);
  cmd.option('--hide-chatter', "hide the broker's own SYSTEM events (\"New connection from ...\")");
  const where = `only records where this holds, e.g. 'event.severity == "warning"' (repeatable: all must hold; docs/where.md)`;
  cmd.option('--where <expr>', where, collect);
  return cmd;
}

/** The event filter flags, checked: a bad --severity is a usage error before any socket opens. */
export function resolveEventFilter(flags: Record<string, unknown>): EventFilterFlags {
  const eventFilter = {
    severity: flags.severity as string | undefined,
    eventId: flags.eventId as string[] | undefined,
    hostname: flags.hostname as string[] | undefined,
    hideChatter: flags.hideChatter === true,
    where: flags.where as string[] | undefined,
  };
  compileEventFilter(eventFilter);
  return eventFilter;
}

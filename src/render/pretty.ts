/**
 * One coloured line per event:
 * `2026-11-24 09:15:02 mx1 ifd/add ge-0/0/0 snmp-id=520 flags=8 (0x8)`.
 * Colour by severity; the severity is also written out when it is not info, so nothing is
 * lost without colour.
 */
import type { StreamRecord } from '../record.js';
import { createChalk, createSeverityPaint } from './color.js';
import { describeEvent, type EventView } from './describe.js';
import { describeGap } from './gap.js';
import type { Renderer, RenderOptions } from './types.js';

export function createPrettyRenderer(options: RenderOptions): Renderer {
  const chalk = createChalk(options.color);

  function formatMarkers(view: EventView): string {
    const markers: string[] = [];
    if (view.raw !== undefined) markers.push(`${chalk.magenta('(not JSON)')} ${view.raw}`);
    if (view.invalid !== undefined) {
      markers.push(chalk.magenta(view.invalid === '' ? '✗ invalid' : `✗ invalid: ${view.invalid}`));
    }
    if (view.warning !== undefined) markers.push(chalk.yellow(`⚠ ${view.warning}`));
    return markers.join(' ');
  }

  function formatEvent(view: EventView): string {
    const paint = createSeverityPaint(chalk, view.level);
    const kind = view.action === '' ? view.kind : `${view.kind}/${view.action}`;
    const severity = view.severity === 'info' ? '' : view.severity;
    const body = [view.router, kind, view.subject, severity, view.details].filter((part) => part !== '').join(' ');
    const markers = formatMarkers(view);
    return `${chalk.dim(view.time)} ${paint(body)}${markers === '' ? '' : ` ${markers}`}\n`;
  }

  return {
    render(record: StreamRecord): string {
      if (record.type === 'gap') return `${chalk.yellow(`── ${describeGap(record)} ──`)}\n`;
      return formatEvent(describeEvent(record, options.time));
    },
  };
}

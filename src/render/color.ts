import { Chalk, type ChalkInstance } from 'chalk';
import type { Severity } from '../topics/catalog.js';

export const COLOR_MODES = ['auto', 'always', 'never'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

/**
 * `--color auto|always|never` plus the NO_COLOR / FORCE_COLOR conventions, as one pure
 * decision: never → off; always → on; auto → NO_COLOR (non-empty) wins, then FORCE_COLOR
 * ('0' or 'false' turn colour off, as in Node and chalk; any other value turns it on),
 * else whether the output is a terminal.
 */
export function resolveColor(mode: ColorMode, isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (mode === 'never') return false;
  if (mode === 'always') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force === undefined) return isTTY;
  return force !== '0' && force !== 'false';
}

/** A chalk of its own, so no global colour state leaks in; 16 colours are all we use. */
export function createChalk(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

export type Paint = (text: string) => string;

/** How a line of the given severity is coloured. */
export function createSeverityPaint(chalk: ChalkInstance, level: Severity): Paint {
  switch (level) {
    case 'emergency':
    case 'alert':
    case 'critical':
      return chalk.red.bold;
    case 'error':
      return chalk.red;
    case 'warning':
      return chalk.yellow;
    case 'notice':
      return chalk.cyan;
    case 'debug':
      return chalk.dim;
    case 'info':
      return (text) => text;
  }
}

/**
 * `jetsub doctor`'s output: one line per step (`pass`, `FAIL`, `skip`), the hints under a
 * failure, indented. Pure.
 */
import { createChalk } from '../render/color.js';
import { STEPS, type StepResult } from './check.js';

const STEP_WIDTH = Math.max(...STEPS.map((step) => step.length));

export function formatCheck(where: string, results: readonly StepResult[], color: boolean): string {
  const chalk = createChalk(color);
  const paint = { pass: chalk.green, fail: chalk.red.bold, skip: chalk.dim } as const;
  const lines = [where];
  for (const result of results) {
    const status = result.status === 'fail' ? 'FAIL' : result.status;
    lines.push(`  ${paint[result.status](status.padEnd(4))}  ${result.step.padEnd(STEP_WIDTH)}  ${result.detail}`);
    for (const hint of result.hints) lines.push(`        ${' '.repeat(STEP_WIDTH)}  ${hint}`);
  }
  return `${lines.join('\n')}\n`;
}

export function hasFailed(results: readonly StepResult[]): boolean {
  return results.some((result) => result.status === 'fail');
}

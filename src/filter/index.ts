/**
 * Record expressions: --where conditions (compiled once into a predicate), and the paths
 * that -F templates and --columns read. No expression is ever evaluated as code: it is
 * parsed into data (ast.ts) and turned into closures (compile.ts). See docs/where.md.
 */
import { usageError } from '../errors.js';
import type { EventRecord } from '../record.js';
import { compileAll, compileCondition } from './compile.js';
import { ExpressionError } from './lex.js';
import { parseCondition } from './parse.js';

export type { Path } from './ast.js';
export { ExpressionError } from './lex.js';
export { parsePath, parsePathList, readPath } from './path.js';
export { MAX_DEPTH } from './parse.js';

const WHERE_EXAMPLE = `--where 'event.severity == "warning"'`;

/** Every --where must hold. Null when none is given. A bad expression is a usage error naming the column. */
export function compileWhere(expressions: readonly string[]): ((record: EventRecord) => boolean) | null {
  if (expressions.length === 0) return null;
  const predicates = expressions.map((text) => {
    try {
      return compileCondition(parseCondition(text));
    } catch (error) {
      if (error instanceof ExpressionError) throw expressionUsageError('--where', text, error, `e.g. ${WHERE_EXAMPLE} (docs/where.md)`);
      throw error;
    }
  });
  return compileAll(predicates);
}

/** `--flag 'text…': at column N: what was expected; the fix`, with the text cut short and made printable. */
export function expressionUsageError(flag: string, text: string, error: ExpressionError, fix: string) {
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return usageError(`${flag} '${shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}'`, error.message, fix);
}

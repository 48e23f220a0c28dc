/**
 * The parsed form of a record expression. Plain data: the parser builds it, the compiler
 * turns it into closures once, and nothing reads the expression's text after that.
 */

/** A literal value in an expression. */
export type Scalar = string | number | boolean | null;

/** One step of a path: an object key, or an array index (`[0]`). */
export type Step = string | number;

export interface Path {
  type: 'path';
  /** The first step is a record field (`event`, `topic_fields`, `device`, ...). */
  steps: Step[];
  column: number;
  /** The path as written, for messages. */
  text: string;
}

export interface Literal {
  type: 'literal';
  value: Scalar;
  column: number;
}

export interface List {
  type: 'list';
  values: Scalar[];
  column: number;
}

export type Operand = Path | Literal | List;

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '~' | 'in' | 'not in' | 'within';

export type Condition =
  | { type: 'or' | 'and'; items: Condition[] }
  | { type: 'not'; item: Condition }
  | { type: 'compare'; op: CompareOp; left: Operand; right: Operand; column: number }
  /** A path alone: true when it holds a value that is not null, false, or an empty array. */
  | { type: 'present'; path: Path }
  | { type: 'constant'; value: boolean };

/** cli-table3's own cell helpers (untyped CommonJS), used by table.ts to lay out a row without a Table. */
declare module 'cli-table3/src/utils.js' {
  /** ANSI-aware: applies and closes colour state across lines, as a cell does with its content. */
  export function colorizeLines(lines: string[]): string[];
  /** ANSI- and wide-character-aware: at most `width` columns, `…` when cut. */
  export function truncate(text: string, width: number, truncateChar?: string): string;
  export function pad(text: string, width: number, padding: string, direction?: 'left' | 'right' | 'center'): string;
}

/**
 * What `tail` is told by its output, validation and scripting flags: filled in by
 * src/options/output-flags.ts, used by the stages of src/pipeline/.
 */
import type { ValidateMode } from '../validate/modes.js';
import type { StdoutSettings } from './outputs/stdout.js';
import type { CountSettings } from './processors/count.js';

export interface OutputSettings extends StdoutSettings, CountSettings {
  validate: ValidateMode;
  schemaDir?: string;
  quiet: boolean;
  dryRun: boolean;
  maxPayload: number;
  markGaps: boolean;
  /** --collapse-flaps: the window in which one interface's down/up become one line. */
  collapseFlapsMs?: number;
  /** stderr is a terminal (a live status line while connecting). */
  liveStatus?: boolean;
}

/** What `--validate` does with an invalid event. */
export const VALIDATE_MODES = ['warn', 'drop', 'strict', 'off'] as const;
export type ValidateMode = (typeof VALIDATE_MODES)[number];

/**
 * Validators compiled to code at build time, by name (`jet-event` and every kind). None in
 * the plain build (tsc): there the validators are compiled from schemas/ at run time. The
 * bundle (scripts/bundle.mjs) replaces this module with the built-in schemas compiled by ajv
 * standalone (src/validate/standalone.ts), so a bundled jetsub compiles no schema at start-up.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';

type Precompiled = Readonly<Record<string, ValidateFunction>> | undefined;

export const PRECOMPILED: Precompiled = undefined as Precompiled;

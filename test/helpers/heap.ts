/**
 * How far V8's new space may be seen past jetsub's cap (src/pipeline/heap.ts) and still be at
 * the cap: a collection may hold a few pages more for a moment (seen on Node 24: 4.75 MiB once
 * in ~600 collections, 4 MiB otherwise). Without the cap the new space reaches 32–64 MiB.
 */
import { YOUNG_GENERATION_CAP_BYTES } from '../../src/pipeline/heap.js';

export const YOUNG_GENERATION_LIMIT_BYTES = YOUNG_GENERATION_CAP_BYTES + 1024 * 1024;

/**
 * Fixture access for tests, from either the compiled test (build/test/...) or the source.
 * Each fixture line is `{"topic", "payload", "note"}`; `payload` is the exact MQTT payload.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Fixture {
  topic: string;
  payload: string;
  note: string;
  /** 1-based line number in its file. */
  line: number;
}

/** The repository root: the first directory above this module holding test/fixtures/. */
export const REPO_ROOT = locateRepoRoot(dirname(fileURLToPath(import.meta.url)));
export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures');

export function readFixtures(file = 'jet-events.ndjson'): Fixture[] {
  const text = readFileSync(join(FIXTURES_DIR, file), 'utf8');
  return text.split('\n').flatMap((source, index) => {
    if (source.trim() === '') return [];
    const { topic, payload, note } = JSON.parse(source) as Omit<Fixture, 'line'>;
    return [{ topic, payload, note, line: index + 1 }];
  });
}

/** The payload as the bytes a broker would deliver. */
export function toBytes(payload: string): Buffer {
  return Buffer.from(payload, 'utf8');
}

function locateRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'test', 'fixtures')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no test/fixtures above ${start}`);
  }
}

// knip: unused files, exports, types and dependencies (run by `npm run lint`).
import { readFileSync } from 'node:fs';

const { scripts } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8'));
// The bench's programs are the ones package.json runs (`node build/bench/run.js` → bench/run.ts),
// so a new `bench:*` script needs no change here.
const benchEntries = [...new Set(Object.values(scripts).flatMap((line) => [...line.matchAll(/build\/(bench\/[\w-]+)\.js/g)]
  .map((m) => `${m[1]}.ts`)))];

/** @type {import('knip').KnipConfig} */
export default {
  // bench/bare-subscriber.ts: a program bench/fleet.ts spawns by its built path, the fleet's floor.
  entry: ['src/cli.ts', 'scripts/*.mjs', 'test/**/*.test.ts', ...benchEntries, 'bench/bare-subscriber.ts'],
  project: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.mjs', 'bin/*.js'],
  // System tools that the tests and the bench run (scripts/test-setup.sh installs Debian's).
  ignoreBinaries: ['mosquitto_pub', 'mosquitto_passwd', 'openssl', 'apt-get', 'mkfifo'],
  // scripts/build-exe.mjs runs postject's CLI by path (require.resolve), which knip cannot follow.
  ignoreDependencies: ['postject'],
  // A type exported beside the function whose signature uses it is part of that API, not dead.
  ignoreExportsUsedInFile: { interface: true, type: true },
};

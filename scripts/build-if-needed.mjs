// `npm run demo` from a fresh clone: `npm ci` builds nothing (the build runs on `prepack`, so
// installing the package runs no script of ours), so build dist/ here when it is missing or
// older than a source file, saying so on stderr; otherwise do nothing, at once.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const mtime = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Number.NaN;
const built = mtime(join(root, 'dist', 'cli.js'));
const newest = Math.max(...readdirSync(join(root, 'src'), { recursive: true }).map((name) => mtime(join(root, 'src', name))));

if (!(built >= newest)) {
  process.stderr.write(`jetsub: dist/ is ${Number.isNaN(built) ? 'missing' : 'older than src/'}: building it first (npm run build)\n`);
  const npm = process.env.npm_execpath;
  const run = npm ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] })
    : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  process.exitCode = run.status ?? 1;
}

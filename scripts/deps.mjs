// npm run deps: the import graph of src/, one line per folder (or top-level file), grouped by
// tier, then every import cycle and every upward import, with the rule it breaks. The rules are
// .dependency-cruiser.cjs's (the same ones `npm run lint` enforces); this only prints.
// Exit 0 when there is nothing to report, 1 otherwise. `--files` lists module by module.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const byFile = process.argv.includes('--files');
const TIERS = [
  ['front doors (CLI, library)', /^src\/(cli\.ts|commands\/|options\/|config\/|index\.ts|library\/)/],
  ['features', /^src\/(top|simulate|capture|doctor|completion)\//],
  ['core', /^src\//],
];

const json = execFileSync(
  'npx', ['--no-install', 'depcruise', 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json', '--no-progress'],
  { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
);
const { modules, summary } = JSON.parse(json);

/** src/top/state.ts → src/top/ (or the file itself for src/*.ts), unless --files. */
const unitOf = (path) => (byFile ? path : (/^src\/[^/]+\//.exec(path)?.[0] ?? path));
const graph = new Map();
for (const module of modules) {
  if (!module.source.startsWith('src/')) continue;
  const from = unitOf(module.source);
  const targets = graph.get(from) ?? new Set();
  for (const dependency of module.dependencies) {
    if (!dependency.resolved.startsWith('src/')) continue;
    const to = unitOf(dependency.resolved);
    if (to !== from) targets.add(to);
  }
  graph.set(from, targets);
}

for (const [title] of TIERS) {
  console.log(`${title}:`);
  for (const [from, targets] of [...graph].sort(([a], [b]) => a.localeCompare(b))) {
    if (tierOf(from) !== title) continue;
    const list = [...targets].sort().map((to) => to.replace(/^src\//, '')).join(' ');
    console.log(`  ${from.replace(/^src\//, '').padEnd(byFile ? 34 : 14)} → ${list || '(nothing in src/)'}`);
  }
}

const violations = summary.violations;
const cycles = violations.filter((v) => v.rule.name === 'no-circular');
const upward = violations.filter((v) => v.rule.name !== 'no-circular');
console.log(`\nimport cycles (type-only imports count): ${cycles.length}`);
for (const v of cycles) console.log(`  ${[v.from, ...v.cycle.map((step) => step.name)].join(' → ')}`);
console.log(`\nimports against the tier rule: ${upward.length}`);
for (const v of upward) console.log(`  ${v.rule.name}: ${v.from} → ${v.to}`);
console.log(`\n${summary.totalCruised} modules, ${summary.totalDependenciesCruised} imports`);
process.exitCode = violations.length === 0 ? 0 : 1;

function tierOf(path) {
  return TIERS.find(([, pattern]) => pattern.test(path))[0];
}

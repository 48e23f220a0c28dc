#!/usr/bin/env node
/**
 * The shape of src/, as the lint rules of STYLE.md see it: import cycles, imports that point
 * up a tier (the core importing the CLI tier or a feature), and the longest functions.
 *
 *   node scripts/shape.mjs              cycles and upward imports (exit 1 if any)
 *   node scripts/shape.mjs --functions  the 15 longest functions, in lines
 *
 * Type-only imports count: a type cycle is a cycle for a reader too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
// The tiers as .dependency-cruiser.cjs has them (the lint check): the core is what no other tier lists.
const CLI = ['cli.ts', 'commands', 'options', 'config'];
const FRONT_DOORS = ['index.ts', 'library'];
const FEATURES = ['top', 'simulate', 'capture', 'doctor', 'completion'];

/** The core points at nothing above it; a feature at neither front door; the library not at the CLI. */
function isUpward(from, to) {
  if (from === 'core') return to !== 'core';
  if (from === 'feature') return to === 'cli' || to === 'library';
  return from === 'library' && to === 'cli';
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function tierOf(file) {
  const top = relative(SRC, file).split('/')[0];
  if (CLI.includes(top)) return 'cli';
  if (FRONT_DOORS.includes(top)) return 'library';
  if (FEATURES.includes(top)) return 'feature';
  return 'core';
}

function readImports(file, source) {
  const imports = [];
  const visit = (node) => {
    const specifier = ts.isImportDeclaration(node) || ts.isExportDeclaration(node) ? node.moduleSpecifier
      : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword ? node.arguments[0] : undefined;
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
      imports.push(resolve(dirname(file), specifier.text.replace(/\.js$/, '.ts')));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return imports;
}

function findCycles(graph) {
  const cycles = [];
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

function listFunctions(file, source) {
  const found = [];
  const lineOf = (pos) => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node, name) => {
    const isNamed = ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node);
    const named = isNamed ? node.name.getText(source) : name;
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const lines = lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1;
      const line = lineOf(node.getStart(source)) + 1;
      found.push({ name: node.name?.getText(source) ?? named ?? '(anonymous)', file: relative(ROOT, file), line, lines });
    }
    ts.forEachChild(node, (child) => visit(child, named));
  };
  visit(source, undefined);
  return found;
}

const files = listFiles(SRC);
const sources = new Map(files.map((f) => [f, ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true)]));

if (process.argv.includes('--functions')) {
  const all = files.flatMap((f) => listFunctions(f, sources.get(f))).sort((a, b) => b.lines - a.lines);
  process.stdout.write(all.slice(0, 15).map((fn) => `${String(fn.lines).padStart(4)}  ${fn.file}:${fn.line}  ${fn.name}\n`).join(''));
} else {
  const graph = new Map(files.map((f) => [f, readImports(f, sources.get(f))]));
  const name = (f) => relative(SRC, f);
  const upward = [...graph].flatMap(([from, tos]) => tos
    .filter((to) => isUpward(tierOf(from), tierOf(to)))
    .map((to) => `${name(from)} (${tierOf(from)}) -> ${name(to)} (${tierOf(to)})`));
  const cycles = findCycles(graph).map((cycle) => cycle.map(name).join(' -> '));
  process.stdout.write(`${files.length} modules, ${[...graph.values()].flat().length} imports\n`);
  process.stdout.write(`upward imports: ${upward.length}\n${upward.map((u) => `  ${u}\n`).join('')}`);
  process.stdout.write(`cycles: ${cycles.length}\n${cycles.map((c) => `  ${c}\n`).join('')}`);
  if (upward.length > 0 || cycles.length > 0) process.exitCode = 1;
}

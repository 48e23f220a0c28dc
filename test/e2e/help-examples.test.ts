/**
 * Every `jetsub …` example line in every command's --help works as written. Generic on
 * purpose: commands are read from `jetsub --help`, examples from each `jetsub <command> --help`,
 * so a new command or example is tested without touching this file. Each example runs under
 * `bash -o pipefail` (pipes and redirects as written) in a small lab:
 *
 * - a mosquitto holding one retained event per fixture, so a tail sees a matching event at
 *   once, and a TLS mosquitto (a test CA, `ca.pem`) for `mqtts://` hosts;
 * - the jetsub invocation pointed at them: every --host value (its `name=` kept) becomes the
 *   loopback broker, and one is added to commands that take --host but were given none (and no --read);
 * - bounded: a command with a count flag (-C, -n) gets one when the example has none (and a
 *   --timeout when it has one), so it ends by itself; an example that still runs after a few
 *   seconds (`--loop`, a live view; 25 s when it has a count) is interrupted like Ctrl-C and
 *   must then exit 0;
 * - files an example reads but that do not exist (`capture.ndjson`, `ca.pem`) are provided:
 *   the CA for *.pem, a capture from `jetsub simulate --dry-run` for anything else; the
 *   directory of a redirect target is created; HOME is a temporary directory.
 *
 * The example must exit 0 with no usage error or internal error on stderr.
 */
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connectPublisher, freePort, startMosquitto, type Mosquitto } from '../helpers/brokers.js';
import { JETSUB_BIN, runCli, testEnv } from '../helpers/cli.js';
import { execBounded, spawnTracked } from '../helpers/processes.js';
import { readFixtures } from '../helpers/fixtures.js';

const exec = execBounded;
/**
 * How long an example may run before it is interrupted like Ctrl-C: without a count, and with one
 * (-W 20 ends a tail that sees no event first).
 */
const SETTLE_MS = 3000;
const BOUNDED_MS = 25_000;
const STDERR_FAILURES = /internal error|see 'jetsub[^']*--help'|ERR_[A-Z_]+|^\s+at /m;

interface Token {
  /** As written (quotes kept), for putting the line back together. */
  raw: string;
  /** Without quotes, for reading flags. */
  value: string;
  operator: boolean;
}

/** Shell words and operators of one example line; a word starting with # ends the line. */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    if (/\s/.test(line[i]!)) {
      i++;
      continue;
    }
    const op = /^(\|\||&&|>>|[|;<>])/.exec(line.slice(i));
    if (op) {
      tokens.push({ raw: op[1]!, value: op[1]!, operator: true });
      i += op[1]!.length;
      continue;
    }
    if (line[i] === '#') break;
    let raw = '';
    let value = '';
    while (i < line.length && !/[\s|;<>&]/.test(line[i]!)) {
      const quote = line[i];
      if (quote === "'" || quote === '"') {
        const end = line.indexOf(quote, i + 1);
        raw += line.slice(i, end + 1);
        value += line.slice(i + 1, end);
        i = end + 1;
      } else {
        raw += line[i];
        value += line[i];
        i++;
      }
    }
    tokens.push({ raw, value, operator: false });
  }
  return tokens;
}

const word = (text: string): Token => ({ raw: /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text}'`, value: text, operator: false });

interface CommandInfo {
  name: string;
  examples: string[];
  /** Long flags the command takes. */
  flags: Set<string>;
  /** Its flag that ends it after n items (`-C` of --count, `-n` of --iterations), if any. */
  countFlag?: string;
}

interface Lab {
  port: number;
  tlsPort: number;
}

/** The example with its jetsub invocation pointed at the lab and bounded; returns the line and whether it ends by itself. */
function prepare(example: string, info: CommandInfo, lab: Lab): { line: string; bounded: boolean } {
  const tokens = tokenize(example);
  const end = tokens.findIndex((t) => t.operator);
  const segment = tokens.slice(0, end < 0 ? tokens.length : end);
  const rest = end < 0 ? [] : tokens.slice(end);
  const has = (...flags: string[]) => segment.some((t) => flags.some((f) => t.value === f || t.value.startsWith(`${f}=`)));
  // --read connects to no broker (a --host beside it is a usage error).
  if (info.flags.has('--host') && !has('--read')) {
    let hosts = 0;
    segment.forEach((token, i) => {
      const previous = segment[i - 1]?.value;
      if (previous === '-H' || previous === '--host') {
        segment[i] = word(toLab(token.value, lab));
        hosts++;
      } else if (token.value.startsWith('--host=')) {
        segment[i] = word(`--host=${toLab(token.value.slice(7), lab)}`);
        hosts++;
      }
    });
    if (hosts === 0) segment.splice(2, 0, word('-H'), word(toLab('127.0.0.1', lab)));
  }
  const countShort = info.countFlag;
  const countLong = countShort === undefined ? undefined : [...info.flags].find((f) => f === '--count' || f === '--iterations');
  const dryRun = has('--dry-run');
  if (countShort && countLong && !dryRun && !has(countShort, countLong)) segment.push(word(countShort), word('1'));
  if (info.flags.has('--timeout') && !dryRun && !has('-W', '--timeout')) segment.push(word('-W'), word('20'));
  const bounded = dryRun || (countShort !== undefined && has(countShort, countLong!));
  return { line: [...segment, ...rest].map((t) => t.raw).join(' '), bounded };
}

/** `name=` kept; mqtts:// goes to the TLS broker, anything else to the plain one. */
function toLab(host: string, lab: Lab): string {
  const eq = host.indexOf('=');
  const name = eq > 0 && !host.slice(0, eq).includes('/') ? host.slice(0, eq + 1) : '';
  const rest = host.slice(name.length);
  return /^mqtts:\/\//i.test(rest) ? `${name}mqtts://127.0.0.1:${lab.tlsPort}` : `${name}127.0.0.1:${lab.port}`;
}

/** Section `heading` of a help text: the indented lines up to the next blank line. */
function helpSection(help: string, heading: RegExp): string[] {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && line.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

async function readCommand(name: string): Promise<CommandInfo> {
  const { code, stdout, stderr } = await runCli([name, '--help']);
  assert.equal(code, 0, `jetsub ${name} --help: ${stderr}`);
  const examples = stdout.split('\n').filter((line) => /^\s+jetsub\s/.test(line)).map((line) => line.trim());
  const flags = new Set([...stdout.matchAll(/^\s+(?:-\w, )?(--[a-z][\w-]*)/gm)].map((m) => m[1]!));
  const count = /^\s+(-\w), --(?:count|iterations)\b/m.exec(stdout)?.[1];
  return { name, examples, flags, countFlag: count };
}

describe('every example in every --help works as written', () => {
  const root = mkdtempSync(join(tmpdir(), 'jetsub-examples-'));
  const bin = join(root, 'bin');
  const certs = join(root, 'certs');
  let plain: Mosquitto;
  let tls: Mosquitto;
  let capture = '';
  let commands: CommandInfo[] = [];

  before(async () => {
    mkdirSync(bin);
    // A jetsub on PATH that records its pid, so a long-running example can be interrupted like Ctrl-C.
    writeFileSync(join(bin, 'jetsub'), `#!/bin/sh\necho $$ >> "$JETSUB_TEST_PIDS"\nexec "${process.execPath}" "${JETSUB_BIN}" "$@"\n`);
    chmodSync(join(bin, 'jetsub'), 0o755);
    // mosquitto drops root privileges: what it reads must be readable by others.
    chmodSync(root, 0o755);
    mkdirSync(certs, { mode: 0o755 });
    await createCertificates(certs);
    plain = await startMosquitto();
    const tlsPort = await freePort();
    tls = await startMosquitto({ port: tlsPort, listener: `listener ${tlsPort} 127.0.0.1\ncafile ${certs}/ca.pem\ncertfile ${certs}/server.pem\nkeyfile ${certs}/server.key` });
    const publisher = await connectPublisher(plain.url);
    for (const fixture of readFixtures()) await publisher.publishAsync(fixture.topic, fixture.payload, { retain: true, qos: 1 });
    await publisher.endAsync();
    capture = (await exec(process.execPath, [JETSUB_BIN, 'simulate', '--seed', '7', '-C', '20', '--dry-run'], { env: testEnv() })).stdout;
    const { stdout } = await runCli(['--help']);
    const names = helpSection(stdout, /^Commands:$/).map((line) => /^ {2}(\S+)/.exec(line)?.[1]).filter((n): n is string => n !== undefined && n !== 'help');
    commands = await Promise.all(names.map(readCommand));
  });
  after(async () => {
    await Promise.all([plain?.stop(), tls?.stop()]);
    rmSync(root, { recursive: true, force: true });
  });

  test('every command has examples in its --help', () => {
    assert.ok(commands.length >= 2, 'commands are read from jetsub --help');
    assert.deepEqual(commands.filter((c) => c.examples.length === 0).map((c) => c.name), []);
  });

  test('each example exits 0, without a usage or internal error', async () => {
    const failures: string[] = [];
    const all = commands.flatMap((info) => info.examples.map((example) => ({ info, example })));
    await runLimited(all, 4, async ({ info, example }, index) => {
      const failure = await runExample(example, info, index);
      if (failure) failures.push(failure);
    });
    assert.deepEqual(failures, [], `${failures.length} of ${all.length} examples failed`);
  });

  async function runExample(example: string, info: CommandInfo, index: number): Promise<string | undefined> {
    const { line, bounded } = prepare(example, info, { port: plain.port, tlsPort: tls.port });
    const dir = join(root, `example-${index}`);
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    provideFiles(line, dir, home);
    const pids = join(dir, 'pids');
    const child = spawnTracked('bash', ['-o', 'pipefail', '-c', line], {
      cwd: dir,
      env: testEnv({ PATH: `${bin}:${process.env.PATH}`, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), JETSUB_TEST_PIDS: pids }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c));
    child.stderr!.on('data', (c: Buffer) => (stderr += c));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    let interrupted = false;
    const timer = setTimeout(() => {
      interrupted = true;
      interrupt(pids);
    }, bounded ? BOUNDED_MS : SETTLE_MS);
    const code = await exited;
    clearTimeout(timer);
    const ok = code === 0 && !STDERR_FAILURES.test(stderr);
    return ok ? undefined : `${example}\n  ran: ${line}\n  exit ${code}${interrupted ? ' after Ctrl-C' : ''}\n  stdout: ${stdout.slice(0, 400)}\n  stderr: ${stderr.slice(0, 800)}`;
  }

  /** Creates what the line reads but does not exist, and the directories its redirects write into. */
  function provideFiles(line: string, dir: string, home: string): void {
    const tokens = tokenize(line);
    const path = (text: string) => resolve(dir, text.replace(/^~(?=\/|$)/, home));
    tokens.forEach((token, i) => {
      const previous = tokens[i - 1];
      if (previous?.operator && (previous.value === '>' || previous.value === '>>')) {
        mkdirSync(dirname(path(token.value)), { recursive: true });
      } else if (!token.operator && !token.value.startsWith('-') && /\.[a-z]{2,7}$/i.test(token.value) && !/^\d/.test(token.value)) {
        const file = path(token.value);
        if (existsSync(file) || previous?.operator) return;
        if (file.endsWith('.pem')) copyFileSync(join(certs, 'ca.pem'), file);
        else writeFileSync(file, capture);
      }
    });
  }
});

/** Ctrl-C for every jetsub an example started (their pids, from the PATH shim). */
function interrupt(pidFile: string): void {
  const pids = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n').filter(Boolean) : [];
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGINT');
    } catch {
      // already gone
    }
  }
}

/** A test CA and a server certificate for 127.0.0.1 and localhost (EC keys: quick to make). */
async function createCertificates(dir: string): Promise<void> {
  const run = (...args: string[]) => exec('openssl', args, { cwd: dir });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=jetsub test CA');
  await run('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  await run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  for (const file of ['ca.pem', 'server.pem', 'server.key']) chmodSync(join(dir, file), 0o644);
}

async function runLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  }));
}

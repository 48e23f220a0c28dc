/**
 * Wrong invocations of the built CLI, as a table: each exits 2 before connecting, with
 * empty stdout and exactly one line on stderr that names the flag and says what would be
 * accepted (or where to look), and no stack trace.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli, testEnv } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'jetsub-usage-'));
const PEM = join(dir, 'ca.pem');
writeFileSync(PEM, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
/** A directory where a file is expected: unreadable as a file even for root. */
const NOT_A_FILE = dir;
const MISSING = join(dir, 'missing');

interface Case {
  args: string[];
  /** What the one line must say: the flag, and the fix. */
  says: RegExp;
  env?: NodeJS.ProcessEnv;
}

const CASES: readonly Case[] = [
  // unknown flags and commands
  { args: ['tail', '--bogus'], says: /unknown option '--bogus'; see 'jetsub tail --help'/ },
  { args: ['tail', '--sesion', 's'], says: /unknown option '--sesion' \(Did you mean --session\?\)/ },
  { args: ['tail', '-Z'], says: /unknown option '-Z'/ },
  { args: ['tial'], says: /unknown command 'tial' \(Did you mean tail\?\); see 'jetsub --help'/ },
  { args: ['tail', '-o'], says: /option '-o, --output <format>' argument missing/ },
  // bad values
  { args: ['tail', '--output', 'xml'], says: /--output 'xml': unknown format; use one of pretty, table, ndjson, json, raw/ },
  { args: ['tail', '--time', 'local'], says: /--time 'local': unknown value; use one of device, received, both/ },
  { args: ['tail', '--time', 'both', '-o', 'table'], says: /--time both with -o table: the table's time column holds one time; use --time device or received/ },
  { args: ['tail', '--time', 'received', '-o', 'ndjson'], says: /--time with -o ndjson: records carry both times already \(received_at, event\.time\); drop --time/ },
  { args: ['tail', '--color', 'sometimes'], says: /--color 'sometimes': unknown value; use one of auto, always, never/ },
  { args: ['tail', '--validate', 'maybe'], says: /--validate 'maybe': unknown value; use one of warn, drop, strict, off/ },
  { args: ['tail', '--count', '0'], says: /--count '0': not a positive whole number; e\.g\. --count 1/ },
  { args: ['tail', '-C', '-1'], says: /--count '-1': not a positive whole number/ },
  { args: ['tail', '--timeout', 'soon'], says: /--timeout 'soon': not a positive number; e\.g\. --timeout 300/ },
  { args: ['tail', '--max-payload', '1G'], says: /--max-payload '1G': not a size in bytes; e\.g\. --max-payload 1048576 or --max-payload 1M/ },
  { args: ['tail', '--qos', '3'], says: /--qos '3': QoS must be 0, 1 or 2; e\.g\. --qos 1/ },
  { args: ['tail'], env: { JETSUB_QOS: '7' }, says: /--qos '7': QoS must be 0, 1 or 2.*JETSUB_QOS/ },
  // commander's own sentences lose their full stop before ours: no '.;'
  { args: ['validate', 'a', 'b'], says: /too many arguments for 'validate'\. Expected 1 argument but got 2; see 'jetsub validate --help'$/ },
  { args: ['schema', 'route', 'x'], says: /Expected 1 argument but got 2; see 'jetsub schema --help'$/ },
  { args: ['tail', '-V', '4.0'], says: /--protocol-version '4\.0': unknown MQTT version; use 3\.1\.1 \(311, mqttv311\) or 5/ },
  { args: ['tail', '-k', '-1'], says: /--keepalive '-1': not a whole number of seconds from 0 to 65535/ },
  { args: ['tail', '--connect-timeout', '0'], says: /--connect-timeout '0': not a whole number of seconds from 1 to 3600/ },
  { args: ['tail', '--severity', 'loud'], says: /--severity 'loud': unknown severity; use one of emergency, alert/ },
  { args: ['tail', '--action', 'add,bogus'], says: /--action 'bogus': unknown action; use add, change, delete/ },
  { args: ['tail', '--id', ''], says: /--id: a client id cannot be empty; leave -i out/ },
  // ports and hosts
  { args: ['tail', '--port', '0'], says: /--port '0': not a TCP port; give a number from 1 to 65535/ },
  { args: ['tail', '-p', '70000'], says: /--port '70000': not a TCP port/ },
  { args: ['tail', '-H', 'mx1:99999'], says: /--host '99999': not a TCP port/ },
  { args: ['tail', '-H', 'ws://mx1'], says: /--host 'ws:\/\/mx1': 'ws:\/\/' is not supported; use host\[:port\], mqtt:\/\/host:port or mqtts:\/\/host:port/ },
  { args: ['tail', '-H', '[::1'], says: /--host '\[::1': a bracketed host must be an IPv6 address/ },
  { args: ['tail', '-H', 'a=192.0.2.1', '-H', 'a=192.0.2.2'], says: /--host 'a': the same device is given twice; name each device once/ },
  // wildcards in names, bad filters
  { args: ['tail', '--ifd', 'ge-0/0/#'], says: /--ifd 'ge-0\/0\/#': '\+' and '#' are MQTT wildcards, not part of a name; use \* or \?/ },
  { args: ['tail', '--firewall', 'edge+'], says: /--firewall 'edge\+': '\+' and '#' are MQTT wildcards/ },
  { args: ['tail', '--syslog', 'A/B'], says: /--syslog 'A\/B': an event id is letters, digits and _/ },
  { args: ['tail', '-t', 'a/#/b'], says: /--topic 'a\/#\/b': not a valid MQTT topic filter/ },
  { args: ['tail', '--family', 'in et'], says: /--family 'in et': a family is lower-case letters, digits and -/ },
  // CIDRs and addresses
  { args: ['tail', '--within', '10.0.0.0/33'], says: /--within '10\.0\.0\.0\/33': '\/33' is not a prefix length for IPv4 \(0-32\); give a CIDR/ },
  { args: ['tail', '--within', 'bogus'], says: /--within 'bogus': 'bogus' is not an IPv4 or IPv6 address/ },
  { args: ['tail', '--route', '2001:db8::/129'], says: /--route '2001:db8::\/129': '\/129' is not a prefix length for IPv6/ },
  { args: ['tail', '--ifa', '--address', '999.1.1.1'], says: /--address '999\.1\.1\.1': not an IPv4 or IPv6 address/ },
  // conflicting flags
  { args: ['tail', '--lr', 'x', '--ifd'], says: /--lr: it narrows --route-table, and none of them is given/ },
  { args: ['tail', '-u', 'u', '--password', 'p', '--password-file', PEM], says: /--password: given together with --password-file; give the password one way only/ },
  { args: ['tail', '--session', 's', '-i', 'id'], says: /--session: names the client id itself; give either --session <name> or -i <client-id>, not both/ },
  { args: ['tail', '--session', 's', '--session-expiry', '60'], says: /--session-expiry: MQTT 3\.1\.1 has no session expiry.*; add -V 5/ },
  { args: ['tail', '--session-expiry', '60'], says: /--session-expiry: applies to a persistent session only; add --session <name>/ },
  { args: ['tail', '--dedupe'], says: /--dedupe: QoS 0 events are never redelivered.*; add --session <name> or -q 1/ },
  { args: ['tail', '--cafile', PEM], says: /--cafile: TLS flags need a TLS broker; give the host as mqtts:\/\/host\[:port\]/ },
  { args: ['tail', '-H', 'mqtts://broker', '--cert', PEM], says: /--cert: a client certificate and its key go together; give --key too/ },
  { args: ['tail', '--password', 'p'], says: /--password: a password needs a user name; add -u <user>/ },
  // reliability values
  { args: ['tail', '--session', 'two words'], says: /--session 'two words': not a usable client id; use 1 to 256 printable characters/ },
  { args: ['tail', '--max-reconnects', 'many'], says: /--max-reconnects 'many': not a whole number; e\.g\. --max-reconnects 10/ },
  { args: ['tail', '--give-up-after', '0'], says: /--give-up-after '0': not a number of seconds above 0/ },
  // unreadable files
  { args: ['tail', '-H', 'mqtts://broker', '--cafile', MISSING], says: /--cafile '[^']+missing': cannot read it \(ENOENT\); give a readable file/ },
  { args: ['tail', '-H', 'mqtts://broker', '--cafile', NOT_A_FILE], says: /--cafile '[^']+': cannot read it \(EISDIR\); give a readable file/ },
  { args: ['tail', '-u', 'u', '--password-file', NOT_A_FILE], says: /--password-file '[^']+': cannot read it \(EISDIR\)/ },
  { args: ['tail', '--hosts-file', MISSING], says: /--hosts-file '[^']+missing': cannot read it \(ENOENT\)/ },
  { args: ['tail', '--schemas', MISSING], says: /--schemas: cannot read directory [^;]+; pass a readable directory of \*\.schema\.json files/ },
];

describe('usage errors: exit 2, one line naming the flag and the fix, nothing on stdout', { concurrency: 4 }, () => {
  test(`the table has at least 30 invocations (${CASES.length})`, () => {
    assert.ok(CASES.length >= 30);
  });

  for (const { args, says, env } of CASES) {
    test(`jetsub ${args.map((a) => (a.includes(' ') || a === '' ? `'${a}'` : a.replace(dir, '$DIR'))).join(' ')}${env ? ` (${Object.keys(env).join(', ')})` : ''}`, async () => {
      // Port 9 (discard): should a case slip past the checks, it fails fast instead of finding a broker.
      const port = args[0] === 'tail' && !args.includes('-p') && !args.includes('--port') ? ['-p', '9'] : [];
      const { code, stdout, stderr } = await runCli([...args.slice(0, 1), ...port, ...args.slice(1)], { env: testEnv(env) });
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      const lines = stderr.split('\n');
      assert.equal(lines.pop(), '', 'ends with a newline');
      assert.equal(lines.length, 1, `one line:\n${stderr}`);
      assert.match(lines[0]!, /^jetsub: /);
      assert.match(lines[0]!, says);
      assert.doesNotMatch(stderr, /\bat .+:\d+:\d+\)?$|Error:/m, 'no stack trace');
    });
  }
});

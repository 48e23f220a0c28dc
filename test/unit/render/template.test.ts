import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExpressionError } from '../../../src/filter/index.js';
import { createTemplateRenderer, parseTemplate } from '../../../src/render/template.js';
import { makeGap, makeRecord } from '../../helpers/records.js';

// The received time is 2026-11-24T09:15:03.250Z; @-conversions are local time, so the suite pins TZ.
process.env.TZ = 'UTC';

const PAYLOAD = '{"jet-event":{"event-id":"SNMP_TRAP_LINK_DOWN","severity":"warning","attributes":{"interface-name":"ge-0/0/1","snmp-id":"521"}}}';
const TRAP = makeRecord({
  topic: '/junos/events/syslog/SNMP_TRAP_LINK_DOWN', kind: 'syslog', action: null, topic_fields: { event_id: 'SNMP_TRAP_LINK_DOWN' },
  event: (JSON.parse(PAYLOAD) as { 'jet-event': Record<string, unknown> })['jet-event'], payload: Buffer.from(PAYLOAD),
});
const HOSTILE = makeRecord({
  topic: '/junos/events/syslog/X\x1b]0;pwned\x07', kind: 'syslog', event: { message: 'line1\nline2\x1b[31m red \u202e', list: [1, 'a\tb'] },
  payload: Buffer.from('abc\x00\x1b[2J'),
});
const IFL = makeRecord({ kind: 'ifl', action: 'change', topic_fields: { interface: 'ge-0/0/0.100', ifd: 'ge-0/0/0', unit: 100 }, event: { attributes: { flags: 8 } } });

const render = (template: string, record = TRAP) =>
  createTemplateRenderer({ color: false, template: parseTemplate(template) }).render(record);

describe('-F templates', () => {
  const cases: [string, string, ReturnType<typeof makeRecord>?][] = [
    ['%t', '/junos/events/syslog/SNMP_TRAP_LINK_DOWN'],
    ['%p', PAYLOAD],
    ['%l', String(PAYLOAD.length)],
    ['%x', Buffer.from(PAYLOAD).toString('hex')],
    ['%X', Buffer.from(PAYLOAD).toString('hex').toUpperCase()],
    ['%I', '2026-11-24T09:15:03.250Z'],
    ['%U', '1795511703.250'],
    ['%%t %%', '%t %'],
    ['@Y-@m-@d @H:@M:@S @z @j @a @b @@ @N', '2026-11-24 09:15:03 +0000 328 Tue Nov @ 250000000'],
    ['@F@T@s', '2026-11-2409:15:031795511703'],
    ['%{device} %{kind} %{action} %{topic_fields.event_id}', 'mx1 syslog  SNMP_TRAP_LINK_DOWN'],
    ['%{event.attributes.interface-name}|%{event.attributes["snmp-id"]}|%{.event.severity}', 'ge-0/0/1|521|warning'],
    ['%{event.attributes}', '{"interface-name":"ge-0/0/1","snmp-id":"521"}'],
    ['%{event.missing.deeper}|%{valid}|%{raw}', '|true|'],
    ['%{topic_fields.unit} %{event.attributes.flags} %{topic_fields.ifd}', '100 8 ge-0/0/0', IFL],
    ['[%10{device}][%-6{kind}][%.3t][%06l]', `[       mx1][syslog][/ju][000${PAYLOAD.length}]`],
    ['%-12{topic_fields.interface}|', 'ge-0/0/0.100|', IFL],
    ['a\\tb\\\\c\\nd', 'a\tb\\c\nd'],
    ['%{event.attributes["a}b"]}.', '.'],
  ];
  for (const [template, expected, record] of cases) {
    test(JSON.stringify(template), () => assert.equal(render(template, record), `${expected}\n`));
  }

  test('every value from the record is terminal-safe; the template\'s own escapes are the user\'s', () => {
    assert.equal(render('%t', HOSTILE), '/junos/events/syslog/X\\x1b]0;pwned\\x07\n');
    assert.equal(render('%p', HOSTILE), 'abc\\x00\\x1b[2J\n');
    assert.equal(render('%{event.message}', HOSTILE), 'line1\\nline2\\x1b[31m red \\u202e\n');
    assert.equal(render('%{event.list}', HOSTILE), '[1,"a\\tb"]\n');
    assert.equal(render('\\e[1m%{kind}\\e[0m', HOSTILE), '\x1b[1msyslog\x1b[0m\n');
  });

  test('gap records print nothing', () => assert.equal(createTemplateRenderer({ color: false, template: parseTemplate('%t') }).render(makeGap()), ''));
});

describe('-F mistakes name the column', () => {
  const cases: [string, number, RegExp][] = [
    ['%q', 2, /%q is the QoS in mosquitto_sub, which jetsub's record does not carry/],
    ['%J', 2, /mosquitto_sub's JSON line \(jetsub's is -o ndjson/],
    ['x %k', 4, /%k is not a placeholder \(%t %p %l %x %X %I %U %\{path\}; %% for a literal %\)/],
    ['%', 2, /% at the end is not a placeholder/],
    ['@Q', 1, /@Q is not a time conversion jetsub knows/],
    ['user@host', 5, /@h is not a time conversion .*@@ for a literal @/],
    ['\\x', 1, /unknown escape \\x/],
    ['%{event.attributes', 2, /the %\{ opened here has no closing '\}'/],
    ['ab%{severity}', 5, /'severity' is not a field of the record/],
    ['%{event.}', 9, /expected a key after '.'/],
  ];
  for (const [template, column, pattern] of cases) {
    test(JSON.stringify(template), () => {
      assert.throws(() => parseTemplate(template), (error: unknown) => {
        assert.ok(error instanceof ExpressionError);
        assert.equal(error.column, column);
        assert.match(error.problem, pattern);
        return true;
      });
    });
  }
});

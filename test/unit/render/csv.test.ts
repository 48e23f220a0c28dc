import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCsvRenderer, formatCell, parseColumns } from '../../../src/render/csv.js';
import { makeGap, makeRecord } from '../../helpers/records.js';

describe('CSV cells', () => {
  const cases: [unknown, string][] = [
    ['ge-0/0/1', 'ge-0/0/1'],
    [520, '520'],
    [-1, '-1'],
    [true, 'true'],
    [null, ''],
    [undefined, ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', 'two\\nlines'],
    ['cr\r\nlf', 'cr\\r\\nlf'],
    ['\x1b[31mred', '\\x1b[31mred'],
    [' padded ', '" padded "'],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['+1+cmd', "'+1+cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['-12', '-12'],
    ['-1.5e3', '-1.5e3'],
    ['\t=1', '\\t=1'],
    [{ 'interface-name': 'ge-0/0/1' }, '"{""interface-name"":""ge-0/0/1""}"'],
    [['10.1.1.2', '10.1.1.3'], '"[""10.1.1.2"",""10.1.1.3""]"'],
  ];
  for (const [value, expected] of cases) test(JSON.stringify(value) ?? 'undefined', () => assert.equal(formatCell(value), expected));
});

describe('-o csv', () => {
  const record = makeRecord({
    topic: '/junos/events/syslog/SNMP_TRAP_LINK_DOWN', kind: 'syslog', action: null, topic_fields: { event_id: 'SNMP_TRAP_LINK_DOWN' },
    event: { 'event-id': 'SNMP_TRAP_LINK_DOWN', severity: 'warning', message: 'ifName ge-0/0/1, down', attributes: { 'interface-name': 'ge-0/0/1' } },
  });

  test('a header from the columns, then one row per event; gaps print nothing', () => {
    const renderer = createCsvRenderer({ color: false });
    assert.equal(renderer.render(record), 'received_at,device,kind,action,topic,topic_fields.interface,event.event-id,event.severity,valid\n'
      + '2026-11-24T09:15:03.250Z,mx1,syslog,,/junos/events/syslog/SNMP_TRAP_LINK_DOWN,,SNMP_TRAP_LINK_DOWN,warning,true\n');
    assert.equal(renderer.render(makeGap()), '');
    assert.equal(renderer.render(makeRecord()), '2026-11-24T09:15:03.250Z,mx1,ifd,add,/junos/events/kernel/interfaces/ifd/add/ge-0/0/0,ge-0/0/0,,,true\n');
    assert.equal(renderer.end!(), '');
  });

  test('chosen columns, with bracket paths; the header is the paths as written', () => {
    const renderer = createCsvRenderer({ color: false, columns: parseColumns('device, event.attributes["interface-name"],event.message') });
    assert.equal(renderer.render(record), 'device,"event.attributes[""interface-name""]",event.message\nmx1,ge-0/0/1,"ifName ge-0/0/1, down"\n');
  });

  test('an empty stream is still a CSV: its header', () => {
    assert.equal(createCsvRenderer({ color: false, columns: parseColumns('device') }).end!(), 'device\n');
  });

  test('--columns mistakes', () => {
    assert.throws(() => parseColumns('device,,kind'), /at column 8: expected a field name/);
    assert.throws(() => parseColumns('device kind'), /at column 8: expected ',' or the end of the list/);
    assert.throws(() => parseColumns('hostname'), /'hostname' is not a field of the record/);
  });
});

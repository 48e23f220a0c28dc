import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeCommitPatch, type PatchSummary } from '../../../src/render/commit-patch.js';

const XML_CREATE = '<configuration><interfaces><interface nc:operation="create"><name>ge-0/0/3</name>'
  + '<description>uplink</description></interface></interfaces></configuration>';
const XML_PRETTY = `<configuration>
  <system>
    <services>
      <ssh nc:operation="delete"/>
    </services>
  </system>
</configuration>`;
const XML_NO_OPERATION = '<?xml version="1.0"?><configuration><system><host-name>mx1-new</host-name></system></configuration>';

const CASES: readonly [string, unknown, PatchSummary][] = [
  ['XML: the element with the operation, and its name', XML_CREATE,
    { path: 'interfaces/interface ge-0/0/3', details: 'format=xml size=155B operation=create' }],
  ['XML, indented, self-closing element', XML_PRETTY,
    { path: 'system/services/ssh', details: 'format=xml size=121B operation=delete' }],
  ['XML without operations: the first leaf', XML_NO_OPERATION,
    { path: 'system/host-name', details: 'format=xml size=99B' }],
  ['XML that is not XML', 'hello', { path: '', details: 'format=xml size=5B' }],
  ['JSON: the first leaf', { configuration: { system: { 'host-name': 'mx1-new' } } },
    { path: 'system/host-name', details: 'format=json size=52B' }],
  ['JSON: lists, names and an operation', {
    configuration: { interfaces: { interface: [{ name: 'ge-0/0/3', '@': { operation: 'delete' }, disable: [null] }] } },
  }, { path: 'interfaces/interface/disable ge-0/0/3', details: 'format=json size=112B operation=delete' }],
  ['JSON: empty', {}, { path: '', details: 'format=json size=2B' }],
  ['large XML is measured, not copied', `<configuration>${'<a>x</a>'.repeat(300)}</configuration>`,
    { path: 'a', details: 'format=xml size=2.4KiB' }],
  ['neither', 42, { path: '', details: 'commit-patch=number' }],
  ['absent', undefined, { path: '', details: 'no commit-patch' }],
];

describe('summarizeCommitPatch', () => {
  for (const [name, patch, expected] of CASES) {
    it(name, () => {
      assert.deepEqual(summarizeCommitPatch(patch), expected);
    });
  }
});

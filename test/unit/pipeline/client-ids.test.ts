import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assignClientIds } from '../../../src/pipeline/client-ids.js';
import { parseTarget } from '../../../src/transport/target.js';

describe('a client id per connection', () => {
  // [hosts, id, expected ids]: hosts that may all end on one broker (ports of one mosquitto, names of one central broker).
  const cases: [string, string[], string, string[]][] = [
    ['one device keeps the id as given', ['127.0.0.1'], 'nightly', ['nightly']],
    ['two devices on one endpoint', ['a=127.0.0.1:1883', 'b=127.0.0.1:1883'], 'j', ['j-a', 'j-b']],
    ['one broker on two ports', ['a=127.0.0.1:1883', 'b=127.0.0.1:1884'], 'j', ['j-a', 'j-b']],
    ['one broker under two names', ['localhost:1883', '127.0.0.1:1883'], 'j', ['j-localhost', 'j-127.0.0.1']],
    ['the first device too: a second process naming it alone must not meet it', ['mx1=10.0.0.1', 'mx2=10.0.0.2', 'mx3=10.0.0.3'], 'ops', ['ops-mx1', 'ops-mx2', 'ops-mx3']],
  ];
  for (const [what, hosts, id, expected] of cases) {
    test(what, () => {
      assert.deepEqual(assignClientIds(hosts.map((h) => parseTarget(h)), id), expected);
    });
  }
  test('1,000 devices get 1,000 distinct ids', () => {
    const targets = Array.from({ length: 1000 }, (_, i) => parseTarget(`r${i}=127.0.0.1:${20_000 + (i % 7)}`));
    assert.equal(new Set(assignClientIds(targets, 'jetsub-x')).size, 1000);
  });
});

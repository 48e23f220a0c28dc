/**
 * A refused connection in words: on this host (loopback) nothing listens, and the router's
 * allow-clients cannot be the cause; on another host either may be.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFailure } from '../../../src/transport/reasons.js';

const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

describe('describeFailure: refused on loopback or on a remote host', () => {
  const rows: [where: string, error: Error, reason: RegExp, allowClients: boolean][] = [
    ['mqtt://192.0.2.1:1883', refused, /^connection refused: nothing listens on mqtt:\/\/192\.0\.2\.1:1883, or the router does not allow this client$/, true],
    ['mqtt://mx1.example.net:1883', refused, /or the router does not allow this client/, true],
    ['mqtt://localhost:11884', refused, /^connection refused: no broker is listening on mqtt:\/\/localhost:11884 \(this host\); start one, or give the router with -H$/, false],
    ['mqtt://127.0.0.1:1883', refused, /^connection refused: no broker is listening on mqtt:\/\/127\.0\.0\.1:1883 \(this host\)/, false],
    ['mqtt://127.3.4.5:1883', refused, /no broker is listening/, false],
    ['mqtt://[::1]:1883', refused, /no broker is listening on mqtt:\/\/\[::1\]:1883/, false],
    // A tunnel to a router (ssh -L) is loopback too: a reset may still be the router's allow-clients.
    ['mqtt://127.0.0.1:1883', reset, /a router does this to clients not in allow-clients/, true],
  ];
  for (const [where, error, reason, allowClients] of rows) {
    it(`${where}: ${(error as { code?: string }).code}`, () => {
      const failure = describeFailure(error, where);
      assert.match(failure.reason, reason);
      assert.equal(failure.allowClients, allowClients);
    });
  }
});

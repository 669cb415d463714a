/** The credits ledger's entries: each check refuses what a database writer without the ledger key could make. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { randomMacKey } from '../helpers/mac-key.ts';
import { checkCreditEntry, EMPTY_CREDIT_HEAD, makeCreditEntry, type CreditEntry } from '../../src/ledger/credits.ts';

const key = randomMacKey();
const at = new Date('2026-12-01T10:00:00.000Z');
const request = { amount: 5000, kind: 'operator', by: 'ops', reason: 'invoice 17' } as const;

function chain(account: string, n: number): CreditEntry[] {
  const out: CreditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const prev = out[i - 1];
    out.push(makeCreditEntry(key, account, prev === undefined ? EMPTY_CREDIT_HEAD : prev, { ...request, amount: 1000 * (i + 1) }, at));
  }
  return out;
}

test('a genuine chain verifies entry by entry', () => {
  let head = EMPTY_CREDIT_HEAD;
  for (const e of chain('alice', 3)) {
    assert.equal(checkCreditEntry(key, 'alice', head, e), null);
    head = e;
  }
});

test('an edited amount, kind, account or reason, an entry moved or replayed, another key: refused', () => {
  const [first, second] = chain('alice', 2) as [CreditEntry, CreditEntry];
  const refuse = (e: CreditEntry, head = EMPTY_CREDIT_HEAD, account = 'alice') => assert.notEqual(checkCreditEntry(key, account, head, e), null, JSON.stringify(e));
  refuse({ ...first, amount: first.amount + 1 });
  refuse({ ...first, reason: 'other' });
  refuse({ ...first, kind: 'demo' });
  refuse(first, EMPTY_CREDIT_HEAD, 'mallory');
  refuse({ ...first, account: 'mallory' }, EMPTY_CREDIT_HEAD, 'mallory');
  refuse(second); // #2 where #1 belongs
  refuse({ ...first, seq: 2 }, first); // #1 replayed as #2
  refuse(first, first); // the same entry twice
  const other = makeCreditEntry(randomMacKey(), 'alice', EMPTY_CREDIT_HEAD, request, at);
  refuse(other);
  // The hash recomputed for an edited entry still needs the MAC.
  const forged = { ...first, amount: 9_999_999 };
  refuse({ ...forged, hash: makeCreditEntry(randomMacKey(), 'alice', EMPTY_CREDIT_HEAD, { ...request, amount: 9_999_999 }, at).hash });
});

test('a credit is at least 1 mill', () => {
  assert.throws(() => makeCreditEntry(key, 'alice', EMPTY_CREDIT_HEAD, { ...request, amount: 0 }, at));
});

/** The hot-path hashes build their JCS text with JSON.stringify on pre-sorted keys: the same bytes as RFC 8785. */
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { test } from 'node:test';
import { canonicalJson } from '@vbi/protocol';
import { logEntryHash } from '../../src/ledger/chain.ts';
import { sealInput } from '../../src/ledger/piece-seal.ts';

const text = () => ['é', 'a"b', 'line\nbreak', '\u2028', '😀', 'plain', '\u0001'][randomInt(7)] + randomBytes(4).toString('base64url');

test('log entry hash and piece seal input equal JCS for any values they can hold', () => {
  for (let i = 0; i < 200; i++) {
    const e = {
      moduleSerial: randomInt(1, 300), seq: randomInt(1, 2 ** 40), meterId: text(), type: 'indicium' as const, amount: randomInt(0, 2 ** 32),
      ar: randomInt(0, 2 ** 40), dr: randomInt(0, 2 ** 32), pieceNumber: i % 3 === 0 ? null : randomInt(1, 2 ** 32), at: text(), prevHash: text(),
    };
    assert.equal(logEntryHash(e), createHash('sha256').update(`vbi1:log:${canonicalJson(e)}`).digest('base64url'));
    const indicium = randomBytes(113);
    const p = { meterId: text(), pieceNumber: randomInt(1, 2 ** 32), postage: randomInt(0, 2 ** 24), mailDate: text(), createdAt: text(), indicium };
    const expected = `vbi1:piece:${canonicalJson({ ...p, indicium: createHash('sha256').update(indicium).digest('base64url') })}`;
    assert.equal(sealInput(p), expected);
  }
});

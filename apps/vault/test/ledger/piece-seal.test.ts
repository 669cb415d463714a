/** A piece row's seal: any edited field, a moved row or another key fails it. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { randomMacKey } from '../helpers/mac-key.ts';
import { pieceSeal, pieceSealVerifies } from '../../src/ledger/piece-seal.ts';

const key = randomMacKey();
const piece = {
  meterId: '3b0c6d2e-6a4e-4f0f-9c1e-0d7b1c2a9e11', pieceNumber: 7, postage: 740, mailDate: '2026-12-01',
  createdAt: '2026-12-01T10:00:00.000Z', indicium: randomBytes(113),
};

test('the seal verifies only the row it was made for', () => {
  const seal = pieceSeal(key, piece);
  assert.equal(pieceSealVerifies(key, piece, seal), true);
  assert.equal(pieceSealVerifies(key, piece, null), false, 'a row without a seal');
  const edited = [
    { ...piece, postage: 741 }, { ...piece, pieceNumber: 8 }, { ...piece, meterId: piece.meterId.replace('3b', '3c') },
    { ...piece, mailDate: '2026-12-02' }, { ...piece, createdAt: '2026-12-20T10:00:00.000Z' },
    { ...piece, indicium: Buffer.concat([piece.indicium.subarray(0, 112), Buffer.from([piece.indicium[112]! ^ 1])]) },
  ];
  for (const e of edited) assert.equal(pieceSealVerifies(key, e, seal), false, JSON.stringify({ ...e, indicium: undefined }));
  assert.equal(pieceSealVerifies(randomMacKey(), piece, seal), false);
  assert.equal(pieceSealVerifies(key, piece, `${seal.slice(0, -1)}${seal.endsWith('A') ? 'B' : 'A'}`), false);
});

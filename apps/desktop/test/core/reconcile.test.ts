import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MirrorFile } from '../../src/core/profile/account-store.ts';
import { reconcile } from '../../src/core/account/reconcile.ts';

const base: MirrorFile = { meterId: 'm', registers: { ar: 1000, dr: 9000 }, pieces: 2, pending: null };
const indiciumPending: MirrorFile = {
  ...base,
  pending: { op: 'indicium', before: { ar: 1000, dr: 9000 }, expected: { ar: 1740, dr: 8260 }, pieceNumber: 3, postage: 740, at: '2026-01-01T00:00:00.000Z' },
};

test('in step when nothing was pending and the registers agree', () => {
  assert.equal(reconcile(base, { registers: { ar: 1000, dr: 9000 }, pieces: 2, lastPiece: null }).kind, 'in-step');
});

test('an unexplained difference without a pending entry is a mismatch', () => {
  assert.equal(reconcile(base, { registers: { ar: 1000, dr: 8000 }, pieces: 2, lastPiece: null }).kind, 'mismatch');
});

test('a pending piece the vault never committed is dropped', () => {
  assert.equal(reconcile(indiciumPending, { registers: { ar: 1000, dr: 9000 }, pieces: 2, lastPiece: null }).kind, 'not-applied');
});

test('a pending piece the vault committed is fetched by its number', () => {
  const r = reconcile(indiciumPending, { registers: { ar: 1740, dr: 8260 }, pieces: 3, lastPiece: { pieceNumber: 3, postage: 740, at: '2026-01-01T00:00:01.000Z' } });
  assert.equal(r.kind, 'applied');
  assert.equal(r.kind === 'applied' && r.fetchPiece, 3);
});

test('registers that match but a lastPiece that does not is a mismatch', () => {
  const r = reconcile(indiciumPending, { registers: { ar: 1740, dr: 8260 }, pieces: 3, lastPiece: { pieceNumber: 4, postage: 740, at: '2026-01-01T00:00:01.000Z' } });
  assert.equal(r.kind, 'mismatch');
});

test('a committed purchase is applied without a piece', () => {
  const m: MirrorFile = { ...base, pending: { op: 'purchase', before: base.registers, expected: { ar: 1000, dr: 19000 }, pieceNumber: null, postage: 0, at: 'x' } };
  const r = reconcile(m, { registers: { ar: 1000, dr: 19000 }, pieces: 2, lastPiece: null });
  assert.deepEqual(r.kind === 'applied' ? r.fetchPiece : 'wrong', null);
});

test('a mismatch the operator resolved is adopted: the confirmation names exactly the state the vault reports', () => {
  const vault = { registers: { ar: 1000, dr: 8000 }, pieces: 2, lastPiece: null };
  const resolution = { at: '2026-01-02T00:00:00.000Z', ar: 1000, dr: 8000, pieces: 2 };
  assert.deepEqual(reconcile(base, { ...vault, resolution }), { kind: 'adopted', confirmedAt: resolution.at });
  // A confirmation of other registers or another piece count is not this state's: still a mismatch.
  assert.equal(reconcile(base, { ...vault, resolution: { ...resolution, dr: 7000 } }).kind, 'mismatch');
  assert.equal(reconcile(base, { ...vault, resolution: { ...resolution, pieces: 3 } }).kind, 'mismatch');
  // In step, the confirmation changes nothing.
  assert.equal(reconcile(base, { registers: base.registers, pieces: 2, lastPiece: null, resolution: { ...resolution, dr: 9000 } }).kind, 'in-step');
});

/** The module's checks of rows read from the database: each refuses what a writer without the keys could make. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { randomMacKey } from '../helpers/mac-key.ts';
import { ProtocolError } from '@vbi/protocol';
import { checkNotRolledBack, countCredits, RecordRefused, verifiedPiece } from '../../src/bank/record-checks.ts';
import { GENESIS_HASH, logEntryHash, logEntryMac, type LogEntryType } from '../../src/ledger/chain.ts';
import { EMPTY_CREDIT_HEAD, makeCreditEntry, type CreditEntry } from '../../src/ledger/credits.ts';
import { pieceSeal } from '../../src/ledger/piece-seal.ts';
import type { MacKey } from '../../src/keystore/backend.ts';
import type { StoredLogEntry } from '../../src/storage/storage.ts';
import { openPackageContent } from './package-fixture.ts';

const logKey = randomMacKey();
const ledgerKey = randomMacKey();
const pieceKey = randomMacKey();
const meterId = openPackageContent().meterId;

function entry(type: LogEntryType, amount: number, ar: number, dr: number, key: MacKey = logKey): StoredLogEntry {
  const fields = { moduleSerial: 1, seq: 3, meterId, type, amount, ar, dr, pieceNumber: null, at: '2026-12-01T10:00:00.000Z', prevHash: GENESIS_HASH };
  const hash = logEntryHash(fields);
  return { ...fields, hash, mac: logEntryMac(key, hash), id: 9, link: 'link' };
}

function refusedWith(fn: () => unknown, code: string, event?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ProtocolError);
    assert.equal(err.code, code);
    if (event !== undefined) assert.equal((err as RecordRefused).event, event);
    return true;
  });
}

test('a package with the registers of its meter\'s newest authentic entry passes; an older one is refused and audited', () => {
  const now = openPackageContent({ ar: 300, dr: 700, totalDownloaded: 1000 });
  checkNotRolledBack(logKey, now, entry('indicium', 300, 300, 700));
  const older = openPackageContent({ ar: 0, dr: 1000, totalDownloaded: 1000 });
  refusedWith(() => checkNotRolledBack(logKey, older, entry('indicium', 300, 300, 700)), 'METER_NOT_OPERATIONAL', 'package-rollback');
  refusedWith(() => checkNotRolledBack(logKey, now, null), 'METER_NOT_OPERATIONAL', 'package-rollback');
  checkNotRolledBack(logKey, openPackageContent(), null); // a new meter: no value, no entry
});

test('a newest entry edited, forged without the log key, or of another meter is refused', () => {
  const p = openPackageContent({ ar: 300, dr: 700, totalDownloaded: 1000 });
  const genuine = entry('indicium', 300, 300, 700);
  refusedWith(() => checkNotRolledBack(logKey, p, { ...genuine, dr: 701 }), 'METER_NOT_OPERATIONAL', 'log-entry-refused');
  refusedWith(() => checkNotRolledBack(logKey, p, entry('indicium', 300, 300, 700, randomMacKey())), 'METER_NOT_OPERATIONAL', 'log-entry-refused');
  refusedWith(() => checkNotRolledBack(logKey, p, { ...genuine, meterId: 'another' }), 'METER_NOT_OPERATIONAL', 'log-entry-refused');
});

test('a piece row is trusted only with its seal: edited, moved or invented rows are refused and audited', () => {
  const indicium = randomBytes(113);
  const fields = { meterId, pieceNumber: 4, postage: 740, mailDate: '2026-12-01', createdAt: '2026-12-01T10:00:00.000Z', indicium };
  const row = { pieceNumber: 4, postage: 740, mailDate: fields.mailDate, createdAt: fields.createdAt, indicium: indicium.toString('base64url'), refunded: false, seal: pieceSeal(pieceKey, fields) };
  assert.equal(verifiedPiece(pieceKey, meterId, 4, row).postage, 740);
  refusedWith(() => verifiedPiece(pieceKey, meterId, 4, null), 'NOT_FOUND');
  refusedWith(() => verifiedPiece(pieceKey, meterId, 4, { ...row, postage: 74_000 }), 'NOT_FOUND', 'piece-refused');
  refusedWith(() => verifiedPiece(pieceKey, meterId, 4, { ...row, createdAt: '2026-12-31T10:00:00.000Z' }), 'NOT_FOUND', 'piece-refused');
  refusedWith(() => verifiedPiece(pieceKey, 'another-meter', 4, row), 'NOT_FOUND', 'piece-refused');
  refusedWith(() => verifiedPiece(pieceKey, meterId, 5, { ...row, pieceNumber: 5 }), 'NOT_FOUND', 'piece-refused');
  refusedWith(() => verifiedPiece(pieceKey, meterId, 4, { ...row, seal: null }), 'NOT_FOUND', 'piece-refused');
});

function credits(account: string, amounts: number[], key = ledgerKey): CreditEntry[] {
  const out: CreditEntry[] = [];
  for (const amount of amounts) out.push(makeCreditEntry(key, account, out.at(-1) ?? EMPTY_CREDIT_HEAD, { amount, kind: 'operator', by: 't', reason: 'r' }, new Date()));
  return out;
}

test('credits count from the package\'s head; a forged, foreign or out-of-order entry stops the count and is reported', () => {
  const chain = credits('alice', [1000, 2000, 3000]);
  const fresh = openPackageContent();
  assert.deepEqual(countCredits(ledgerKey, fresh, chain).head.total, 6000);
  const [c1, c2, c3] = chain as [CreditEntry, CreditEntry, CreditEntry];
  const seen = openPackageContent({ credits: { seq: 1, hash: c1.hash, total: 1000 } });
  assert.equal(countCredits(ledgerKey, seen, chain).head.total, 6000, 'entries counted already are skipped');
  assert.equal(countCredits(ledgerKey, seen, [c3]).refused?.seq, 3, 'a gap (#2 withheld) stops the count');
  const forged = { ...c2, amount: 2_000_000 };
  const r = countCredits(ledgerKey, fresh, [c1, forged, c3]);
  assert.deepEqual([r.head.total, r.refused?.seq], [1000, 2]);
  const foreign = credits('mallory', [5000]);
  assert.equal(countCredits(ledgerKey, fresh, foreign).head.total, 0, "another account's credit");
  assert.equal(countCredits(ledgerKey, fresh, credits('alice', [5000], randomMacKey())).head.total, 0, 'made without the ledger key');
  assert.equal(countCredits(ledgerKey, openPackageContent({ account: null }), chain).head.total, 0, 'a meter bound to no account');
});

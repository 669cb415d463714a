import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { commitLink, GENESIS_LINK } from '../../src/ledger/chain.ts';
import { softwareBackend } from '../../src/keystore/software-backend.ts';
import { GENESIS_HASH as GENESIS_CHAIN_HEAD } from '../../src/ledger/chain.ts';
import { checkEntry, emptyChain, entryHash, type LogEntry } from '../../src/backup/log-entry.ts';

const logKey = randomBytes(32);
const backend = softwareBackend({ log: logKey });
const keys = { log: backend.logMac, link: backend.linkMac };
const METER_A = '3b0c6d2e-6a4e-4f0f-9c1e-0d7b1c2a9e11';
const METER_B = '9f1d2c3b-1a2b-4c3d-8e4f-5a6b7c8d9e0f';

type Tx = Pick<LogEntry, 'moduleSerial' | 'meterId' | 'type' | 'amount' | 'ar' | 'dr' | 'pieceNumber'>;

/** Writes entries as the modules and the bank do: per-module chains, MACs, commit links. */
function writeLog(txs: Tx[]): LogEntry[] {
  const heads = new Map<number, string>();
  const seqs = new Map<number, number>();
  let link = GENESIS_LINK;
  return txs.map((tx, i) => {
    const seq = (seqs.get(tx.moduleSerial) ?? 0) + 1;
    seqs.set(tx.moduleSerial, seq);
    const e: LogEntry = {
      ...tx, id: i + 1, seq, at: `2026-11-24T10:00:0${i}.000Z`, prevHash: heads.get(tx.moduleSerial) ?? GENESIS_CHAIN_HEAD,
      hash: '', mac: '', link: '',
    };
    e.hash = entryHash(e);
    e.mac = createHmac('sha256', logKey).update(`vbi1:log:${e.hash}`).digest('base64url');
    e.link = link = commitLink(keys.link, link, e.hash);
    heads.set(tx.moduleSerial, e.hash);
    return e;
  });
}

/** The first break, or null when the whole log verifies. */
function verify(entries: LogEntry[]): string | null {
  const chain = emptyChain();
  let last = 0;
  for (const e of entries) {
    const broken = checkEntry(e, keys, chain, last);
    if (broken !== null) return broken;
    last = e.id;
  }
  return null;
}

const genuine = (): LogEntry[] => writeLog([
  { moduleSerial: 1, meterId: METER_A, type: 'purchase', amount: 10_000, ar: 0, dr: 10_000, pieceNumber: null },
  { moduleSerial: 2, meterId: METER_B, type: 'purchase', amount: 5_000, ar: 0, dr: 5_000, pieceNumber: null },
  { moduleSerial: 2, meterId: METER_A, type: 'indicium', amount: 740, ar: 740, dr: 9_260, pieceNumber: 1 },
  { moduleSerial: 1, meterId: METER_B, type: 'indicium', amount: 560, ar: 560, dr: 4_440, pieceNumber: 1 },
  { moduleSerial: 2, meterId: METER_A, type: 'refund', amount: 740, ar: 740, dr: 10_000, pieceNumber: 1 },
]);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

test('a genuine log verifies', () => {
  assert.equal(verify(genuine()), null);
});

test('a MAC text altered in its padding bits is refused, although it decodes to the same bytes', () => {
  const log = genuine();
  const e = log[0] as LogEntry;
  // 32 bytes take 43 characters; the last one carries 4 bits, its 2 low bits are padding.
  const last = ALPHABET.indexOf(e.mac.at(-1) as string);
  const other = `${e.mac.slice(0, -1)}${ALPHABET[last ^ 1]}`;
  assert.deepEqual(Buffer.from(other, 'base64url'), Buffer.from(e.mac, 'base64url'), 'the same MAC bytes');
  log[0] = { ...e, mac: other };
  assert.match(verify(log) ?? '', /entry 1: MAC does not verify/);
});

test('a MAC with a stray character is refused', () => {
  const log = genuine();
  const e = log[0] as LogEntry;
  log[0] = { ...e, mac: `${e.mac.slice(0, 10)}=${e.mac.slice(10)}` };
  assert.match(verify(log) ?? '', /MAC does not verify/);
});

test('two rows of different modules and meters swapped (each module chain intact) are refused by the commit link', () => {
  const log = genuine();
  const [a, b] = [log[2] as LogEntry, log[3] as LogEntry];
  log[2] = { ...b, id: a.id };
  log[3] = { ...a, id: b.id };
  assert.match(verify(log) ?? '', /entry 3: does not link to entry 2/);
});

test('an altered commit link is refused', () => {
  const log = genuine();
  const e = log[1] as LogEntry;
  log[1] = { ...e, link: commitLink(softwareBackend({ link: randomBytes(32) }).linkMac, (log[0] as LogEntry).link, e.hash) };
  assert.match(verify(log) ?? '', /entry 2: does not link/);
});

test('a correctly sealed entry whose registers do not follow from the meter\'s previous one is refused', () => {
  const log = writeLog([
    { moduleSerial: 1, meterId: METER_A, type: 'purchase', amount: 10_000, ar: 0, dr: 10_000, pieceNumber: null },
    { moduleSerial: 2, meterId: METER_A, type: 'indicium', amount: 740, ar: 740, dr: 9_360, pieceNumber: 1 },
  ]);
  assert.match(verify(log) ?? '', /entry 2: meter .* registers do not follow/);
});

test('a piece number that skips is refused', () => {
  const log = writeLog([
    { moduleSerial: 1, meterId: METER_A, type: 'purchase', amount: 10_000, ar: 0, dr: 10_000, pieceNumber: null },
    { moduleSerial: 1, meterId: METER_A, type: 'indicium', amount: 740, ar: 740, dr: 9_260, pieceNumber: 2 },
  ]);
  assert.match(verify(log) ?? '', /entry 2: meter .* registers do not follow/);
});

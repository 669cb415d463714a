/**
 * The value rows on PostgreSQL (a real server): the ledger schema upgrades a database that holds value only
 * with the keys; audit entries of several writers form one chain with ids in commit order; credit
 * ids follow commit order and a credit chain never forks under concurrent appends; a batch's demo
 * credit, credit hint, piece seal and audit entries commit with it; the off-load's log source
 * carries the credits and audits written since its cursor.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import postgres from 'postgres';
import { openLogSource } from '../../src/backup/log-source.ts';
import { openPackage, sealPackage, type PsdPackage } from '../../src/bank/psd-package.ts';
import { upgradeKeysOf } from '../../src/bank/upgrade-keys.ts';
import type { KeyBackend } from '../../src/keystore/backend.ts';
import { softwareBackend } from '../../src/keystore/software-backend.ts';
import { auditLinker, checkAuditEntry } from '../../src/ledger/audit-chain.ts';
import { GENESIS_LINK, logLinker } from '../../src/ledger/chain.ts';
import { checkCreditEntry, EMPTY_CREDIT_HEAD, makeCreditEntry } from '../../src/ledger/credits.ts';
import { pieceSealVerifies } from '../../src/ledger/piece-seal.ts';
import { UpgradeNeedsKeys } from '../../src/storage/ledger-upgrade.ts';
import { PG_LEDGER_SCHEMA, PG_MIGRATIONS } from '../../src/storage/postgres/pg-migrations.ts';
import { openPgStorage } from '../../src/storage/postgres/pg-storage.ts';
import type { BatchCommit, Storage } from '../../src/storage/storage.ts';
import { createTestDatabase } from '../../src/testing/postgres.ts';
import { openPackageContent } from '../bank/package-fixture.ts';

const k = () => randomBytes(32);
const keys: KeyBackend = softwareBackend({ psdWrap: k(), log: k(), ledger: k(), pieceSeal: k(), audit: k() });
const METER = openPackageContent().meterId;
const T = '2026-11-01T10:00:00.000Z';
const open: Storage[] = [];
after(async () => {
  for (const s of open) await s.close();
});

async function storageOn(url: string, o: Parameters<typeof openPgStorage>[1] = {}): Promise<Storage> {
  const s = await openPgStorage(url, o);
  open.push(s);
  return s;
}

/** Statements on a database of its own connection, closed afterwards. */
async function onDatabase<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/** A database before the ledger schema: alice (funds 700, bought 300), her version-1 package, two pieces (one refunded), two audit entries. */
async function beforeLedger(): Promise<string> {
  const url = await createTestDatabase();
  const { account: _a, credits: _c, refunds: _r, refundsForgottenThrough: _f, ...v1 } = openPackageContent({ ar: 200, dr: 100, totalDownloaded: 300 });
  const sealed = sealPackage(keys.psd, { ...v1, v: 1 } as unknown as PsdPackage);
  await onDatabase(url, async (sql) => {
    await sql`CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`;
    for (const m of PG_MIGRATIONS.filter((x) => x.version < PG_LEDGER_SCHEMA)) {
      await sql.unsafe(m.sql).simple();
      await sql`INSERT INTO schema_migrations VALUES (${m.version}, ${m.name}, ${T})`;
    }
    await sql`INSERT INTO log_head (last_id, last_link) VALUES (1, 'l')`;
    await sql`INSERT INTO accounts (id, username, funds, created_at) VALUES (1, 'Alice', 700, ${T})`;
    await sql`INSERT INTO meters (id, state, psd_serial, cert_serial, certificate, account_id, created_at) VALUES (${METER}, 'operational', 1, 1, 'PEM', 1, ${T})`;
    await sql`INSERT INTO packages (meter_id, package) VALUES (${METER}, ${sealed})`;
    await sql`INSERT INTO tx_log VALUES (1, 1, 1, ${METER}, 'purchase', 300, 0, 300, NULL, ${T}, 'p', 'h', 'm', 'l')`;
    for (const [n, refunded] of [[1, true], [2, false]] as const) {
      await sql`INSERT INTO pieces (meter_id, piece_number, postage, indicium, mail_date, created_at, refunded)
        VALUES (${METER}, ${n}, 100, ${randomBytes(113)}, '2026-11-01', ${T}, ${refunded})`;
    }
    await sql`INSERT INTO audit_log (at, event, detail) VALUES (${T}, 'inspection', NULL), (${T}, 're-print', '{"pieceNumber":2}')`;
  });
  return url;
}

const schemaVersion = (url: string) => onDatabase(url, async (sql) => (await sql`SELECT max(version) AS v FROM schema_migrations`)[0]?.v as number);

test('the ledger schema on a database holding value: refused without the keys (it stays before it); with them, the same adoption as on SQLite', async () => {
  const url = await beforeLedger();
  await assert.rejects(openPgStorage(url), UpgradeNeedsKeys);
  assert.equal(await schemaVersion(url), PG_LEDGER_SCHEMA - 1);

  const store = await storageOn(url, { upgradeKeys: upgradeKeysOf(keys) });
  assert.equal(await schemaVersion(url), PG_LEDGER_SCHEMA);
  const [opening, ...more] = await store.credits('alice', 0);
  assert.equal(more.length, 0);
  assert.ok(opening !== undefined);
  assert.equal(checkCreditEntry(keys.ledgerMac, 'alice', EMPTY_CREDIT_HEAD, opening), null);
  assert.deepEqual([opening.amount, opening.kind], [1000, 'opening'], 'funds 700 + bought 300');
  assert.equal((await store.piece(METER, 1))?.seal, null, 'a refunded piece stays unsealed');
  const p2 = await store.piece(METER, 2);
  assert.ok(p2 !== undefined && pieceSealVerifies(keys.pieceSealMac, p2, p2.seal));
  const linker = auditLinker(keys.auditMac);
  let prev = linker.genesis;
  for (const [i, a] of (await store.auditEntries(0, 10)).entries()) {
    assert.equal(checkAuditEntry(linker, prev, i, a, a.mac), null);
    prev = a.mac as string;
  }
  const pkg = openPackage(keys.psd, METER, (await store.sealedPackages([METER]))[0] as Buffer);
  assert.deepEqual([pkg.v, pkg.account, pkg.ar, pkg.dr], [2, 'alice', 200, 100]);
  assert.deepEqual((await store.accountByUsername('alice'))?.creditsSeen, 0);
  assert.equal((await store.totals()).funds, 700, 'credits − purchases = the funds the account had');
});

test('audit entries of several writers, at once, form one chain with consecutive ids; without the audit key none is written', async () => {
  const url = await createTestDatabase();
  const [a, b, reader] = [await storageOn(url, { auditMac: keys.auditMac }), await storageOn(url, { auditMac: keys.auditMac }), await storageOn(url)];
  const entry = (i: number) => ({ at: T, event: 'inspection', meterId: `m${i}`, detail: { i } });
  await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).appendAudit([entry(i), entry(i + 100)])));
  await assert.rejects(reader.appendAudit([entry(999)]), /without the audit key/);
  const rows = await reader.auditEntries(0, 1000);
  assert.equal(rows.length, 80);
  const linker = auditLinker(keys.auditMac);
  let prev = linker.genesis;
  rows.forEach((r, i) => {
    assert.equal(checkAuditEntry(linker, prev, i, r, r.mac), null, `entry ${r.id}`);
    prev = r.mac as string;
  });
  assert.deepEqual((await reader.auditLog(1))[0]?.meterId, rows.at(-1)?.meterId);
});

test('credits: concurrent appends never fork a chain, and ids grow in commit order', async () => {
  const url = await createTestDatabase();
  const [a, b] = [await storageOn(url), await storageOn(url)];
  const request = { amount: 10, kind: 'operator' as const, by: 'test', reason: 'r' };
  // Both make entry #1 of the same account: one is written, the other refused (read the head again).
  const head = await a.creditHead('alice');
  const written = await Promise.all([a, b].map((s) => s.appendCredit(makeCreditEntry(keys.ledgerMac, 'alice', head, request, new Date()))));
  assert.deepEqual(written.sort(), [false, true]);
  // Many accounts at once, through both storages.
  await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).appendCredit(
    makeCreditEntry(keys.ledgerMac, `u${i}`, EMPTY_CREDIT_HEAD, request, new Date()))));
  const ids = await onDatabase(url, async (sql) => (await sql`SELECT id FROM credits ORDER BY xmin::text::bigint, id`).map((r) => Number(r.id)));
  assert.deepEqual(ids, [...ids].sort((x, y) => x - y), 'a later transaction never holds a smaller id');
  assert.deepEqual([...ids].sort((x, y) => x - y), Array.from({ length: 31 }, (_, i) => i + 1), 'ids 1..31, none twice');
  assert.equal((await a.creditHead('alice')).seq, 1);
});

test("a batch's demo credit, credit hint, sealed piece and audit entries commit with it; the log source off-loads credits and audits after its cursor", async () => {
  const url = await createTestDatabase();
  const store = await storageOn(url, { auditMac: keys.auditMac });
  await store.claimModules('me', 1);
  await store.insertMeter({ id: METER, state: 'manufactured', psdSerial: 1, certSerial: 1, certificatePem: 'PEM', sealedPackage: Buffer.from('s') });
  const demo = makeCreditEntry(keys.ledgerMac, 'bob', EMPTY_CREDIT_HEAD, { amount: 3000, kind: 'demo', by: 'vault', reason: 'demo' }, new Date(T));
  const batch: BatchCommit = {
    moduleSerial: 1, checkpoint: { record: 'r1', mac: 'm' }, moduleLastTx: { at: T, value: 0 },
    packages: [{ meterId: METER, sealedPackage: Buffer.from('p'), state: 'operational' }],
    newAccounts: [{ username: 'Bob', meterId: METER, createdAt: T }],
    credits: [demo], creditsSeen: [{ meterId: METER, seq: 1 }],
    pieces: [{ meterId: METER, pieceNumber: 1, postage: 50, indicium: randomBytes(113), mailDate: '2026-11-01', createdAt: T, refunded: false, seal: 'the-seal' }],
    refunds: [], audits: [{ at: T, event: 'test-print', meterId: METER }], inspections: [],
    log: [{ moduleSerial: 1, seq: 1, meterId: METER, type: 'indicium', amount: 50, ar: 50, dr: 0, pieceNumber: 1, at: T, prevHash: GENESIS_LINK, hash: 'h', mac: 'm' }],
  };
  await store.commitBatches([batch], logLinker(keys.linkMac));
  await store.appendAudit([{ at: T, event: 'inspection', meterId: METER }]);
  assert.deepEqual(await store.credits('bob', 0), [demo]);
  assert.equal((await store.accountByMeter(METER))?.creditsSeen, 1);
  assert.equal((await store.piece(METER, 1))?.seal, 'the-seal');
  assert.deepEqual((await store.newestLogEntries([METER, 'none'])).map((e) => e?.hash), ['h', undefined]);
  const source = openLogSource({ kind: 'postgres', url });
  try {
    const body = await source.segmentBody({ log: 0, credit: 0, audit: 1 }, 100);
    assert.deepEqual([body?.entries.length, body?.credits?.map((c) => c.hash), body?.audits?.map((a) => a.event)], [1, [demo.hash], ['inspection']]);
    assert.equal(body?.accounts[0]?.creditsSeen, 1);
    assert.equal(body?.pieces[0]?.seal, 'the-seal');
    assert.equal(await source.segmentBody({ log: 1, credit: 1, audit: 2 }, 100), null, 'nothing after the cursors');
    const images = await source.valueRowImages([1, 2], [1, 2, 3]);
    assert.deepEqual([[...images.credits], [...images.audits.keys()]], [[[1, demo.hash]], [1, 2]]);
  } finally {
    await source.close();
  }
});

/**
 * The commit writer on PostgreSQL (a real server): batches posted at once commit in one group with
 * their log entries linked in commit order and consecutive ids; a group with one bad batch commits
 * none of it and the chain goes on from the last good entry; rows and pieces round-trip as bytes;
 * two committers (as two vault processes) commit in turn, the one whose remembered log head moved
 * rolling back and committing again after the new head.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { MessagePort } from 'node:worker_threads';
import { openLogSource, type LogSource } from '../../src/backup/log-source.ts';
import type { KeyAccess } from '../../src/keystore/backend.ts';
import { softwareBackend } from '../../src/keystore/software-backend.ts';
import { commitLink, GENESIS_LINK, logLinker } from '../../src/ledger/chain.ts';
import type { CommitMessage } from '../../src/storage/batch-committer.ts';
import { CommitWriter } from '../../src/storage/commit-writer.ts';
import { openPgStorage } from '../../src/storage/postgres/pg-storage.ts';
import type { BatchCommit, Storage } from '../../src/storage/storage.ts';
import { createTestDatabase } from '../../src/testing/postgres.ts';

const access: KeyAccess = { kind: 'software', keys: { link: randomBytes(32), audit: randomBytes(32) } };
const linkKey = softwareBackend(access.keys).linkMac;
const meters = Array.from({ length: 10 }, () => randomUUID());
let storage: Storage;
let writer: CommitWriter;
let modulePort: MessagePort;
let source: LogSource;
let nextCommitId = 1;

before(async () => {
  const url = await createTestDatabase();
  storage = await openPgStorage(url, { auditMac: softwareBackend(access.keys).auditMac });
  await storage.claimModules('this-process', 2);
  for (const [i, id] of meters.entries()) {
    await storage.insertMeter({
      id, state: 'manufactured', psdSerial: i + 1, certSerial: i + 1, certificatePem: 'PEM', sealedPackage: Buffer.from('sealed'),
    });
  }
  writer = await CommitWriter.open({ kind: 'postgres', url }, access);
  modulePort = writer.modulePort();
  source = openLogSource({ kind: 'postgres', url });
});

after(async () => {
  modulePort?.close();
  await writer?.close();
  await source?.close();
  await storage?.close();
});

function commit(batch: BatchCommit): Promise<void> {
  const id = nextCommitId++;
  const outcome = writer.outcome(id);
  modulePort.postMessage({ type: 'commit', id, batch } satisfies CommitMessage);
  return outcome;
}

/** A module's batch that registers `meterId`, prints piece 1 and writes one log entry. */
function batch(moduleSerial: number, meterId: string, opts: { refund?: number } = {}): BatchCommit {
  const hash = createHash('sha256').update(randomBytes(16)).digest('base64url');
  const at = '2026-11-24T10:00:00.000Z';
  return {
    moduleSerial, checkpoint: { record: `record ${hash}`, mac: 'mac' }, moduleLastTx: { at, value: 0 },
    packages: [{ meterId, sealedPackage: randomBytes(64), state: 'operational' }],
    newAccounts: [{ username: `user-${meterId}`, meterId, createdAt: at }],
    credits: [], creditsSeen: [],
    pieces: [{ meterId, pieceNumber: 1, postage: 0, indicium: randomBytes(113), mailDate: '2026-11-25', createdAt: at, refunded: false, seal: 'seal' }],
    refunds: opts.refund === undefined ? [] : [{ meterId, pieceNumber: opts.refund }], audits: [{ at, event: 'test', moduleSerial, meterId, detail: { n: 1 } }], inspections: [],
    log: [{ moduleSerial, seq: 1, meterId, type: 'purchase', amount: 0, ar: 0, dr: 0, pieceNumber: null, at, prevHash: GENESIS_LINK, hash, mac: 'mac' }],
  };
}

test('batches posted at once are durable in one group, their entries linked in commit order with consecutive ids', async () => {
  const [a, b] = [batch(1, meters[0] as string), batch(2, meters[1] as string)];
  await Promise.all([commit(a), commit(b)]);
  const entries = await source.entries(0, 100);
  assert.deepEqual(entries.map((e) => [e.id, e.hash]), [[1, a.log[0]?.hash], [2, b.log[0]?.hash]]);
  const first = commitLink(linkKey, GENESIS_LINK, entries[0]?.hash as string);
  assert.deepEqual(entries.map((e) => e.link), [first, commitLink(linkKey, first, entries[1]?.hash as string)]);
  assert.deepEqual((await storage.sealedPackages([meters[1] as string]))[0], b.packages[0]?.sealedPackage, 'the package arrived as the same bytes');
  assert.deepEqual((await storage.piece(meters[1] as string, 1))?.indicium, b.pieces[0]?.indicium);
  assert.equal((await storage.checkpoint(2))?.record, b.checkpoint.record);
  assert.equal((await storage.accountByMeter(meters[0] as string))?.username, `user-${meters[0]}`);
});

test('a group with one bad batch commits none of it, and the chain goes on from the last good entry', async () => {
  const before = await source.entries(0, 100);
  const good = batch(1, meters[2] as string);
  const bad = batch(2, meters[3] as string, { refund: 2 }); // no such piece
  const outcomes = await Promise.allSettled([commit(good), commit(bad)]);
  assert.ok(outcomes.some((o) => o.status === 'rejected' && /piece refunded twice/.test(String(o.reason))));
  if (outcomes[0]?.status === 'rejected') {
    assert.deepEqual(await source.entries(0, 100), before);
    assert.equal((await storage.meterInfo(meters[2] as string))?.accountId, null, 'the good batch of the group was rolled back too');
  }
  const next = batch(1, meters[5] as string);
  await commit(next);
  const entries = await source.entries(0, 100);
  const last = entries.at(-1);
  assert.equal(last?.hash, next.log[0]?.hash);
  assert.equal(last?.id, (entries.at(-2)?.id ?? 0) + 1, 'ids stay consecutive');
  assert.equal(last?.link, commitLink(linkKey, entries.at(-2)?.link as string, last?.hash as string));
});

test('two committers in turn: a remembered log head that moved rolls the commit back, and it commits again after the new head', async () => {
  // The writer remembers the head it wrote; a second committer (another process) then moves it.
  await commit(batch(1, meters[6] as string));
  const other = batch(2, meters[7] as string);
  await storage.commitBatches([other], logLinker(linkKey));
  const late = batch(1, meters[8] as string);
  await commit(late);
  await commit(batch(1, meters[9] as string));
  const entries = await source.entries(0, 100);
  for (const [i, e] of entries.entries()) {
    assert.equal(e.id, i + 1, 'ids consecutive from 1');
    assert.equal(e.link, commitLink(linkKey, entries[i - 1]?.link ?? GENESIS_LINK, e.hash), `entry ${e.id} linked to the one before`);
  }
  assert.deepEqual(entries.slice(-3).map((e) => e.hash), [other.log[0]?.hash, late.log[0]?.hash, entries.at(-1)?.hash]);
  assert.equal(new Set(entries.map((e) => e.hash)).size, entries.length, 'no entry twice');
  assert.equal((await storage.accountByMeter(meters[8] as string))?.username, `user-${meters[8]}`, 'the retried batch is there once');
});

import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { LogEntry } from '../../src/backup/log-entry.ts';
import { readEntries } from '../../src/backup/rows.ts';
import { commitLink, GENESIS_LINK, logLinker } from '../../src/ledger/chain.ts';
import type { KeyAccess } from '../../src/keystore/backend.ts';
import { softwareBackend } from '../../src/keystore/software-backend.ts';
import { CommitWriter } from '../../src/storage/commit-writer.ts';
import type { CommitMessage } from '../../src/storage/batch-committer.ts';
import { openSqliteStore, type SyncStorage } from '../../src/storage/sqlite/sqlite-storage.ts';
import type { BatchCommit } from '../../src/storage/storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-commit-writer-'));
const file = join(dir, 'vault.sqlite');
const access: KeyAccess = { kind: 'software', keys: { link: randomBytes(32) } };
const linkKey = softwareBackend(access.keys).linkMac;
let storage: SyncStorage;
let writer: CommitWriter;
let modulePort: MessagePort;
let nextCommitId = 1;
const meters = Array.from({ length: 6 }, () => randomUUID());

before(async () => {
  storage = openSqliteStore(file);
  storage.claimModules('this-process', 2);
  meters.forEach((id, i) => storage.insertMeter({
    id, state: 'manufactured', psdSerial: i + 1, certSerial: i + 1, certificatePem: 'PEM', sealedPackage: Buffer.from('sealed'),
  }));
  writer = await CommitWriter.open({ kind: 'sqlite', file }, access);
  modulePort = writer.modulePort();
});

/** Posts a batch as a module does, on its own port; resolves or rejects as the writer answers. */
function commit(batch: BatchCommit): Promise<void> {
  const id = nextCommitId++;
  const outcome = writer.outcome(id);
  modulePort.postMessage({ type: 'commit', id, batch } satisfies CommitMessage);
  return outcome;
}

after(async () => {
  modulePort.close();
  await writer.close();
  storage.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A module's batch that registers `meterId` and writes one log entry (amount 0: no funds needed). */
function batch(moduleSerial: number, meterId: string, opts: { debit?: number } = {}): BatchCommit {
  const hash = createHash('sha256').update(randomBytes(16)).digest('base64url');
  return {
    moduleSerial, checkpoint: { record: `record ${hash}`, mac: 'mac' }, moduleLastTx: { at: '2026-11-24T10:00:00.000Z', value: 0 },
    packages: [{ meterId, sealedPackage: randomBytes(64), state: 'operational' }],
    newAccounts: [{ username: `user-${meterId}`, meterId, createdAt: '2026-11-24T10:00:00.000Z' }],
    debits: opts.debit === undefined ? [] : [{ meterId, amount: opts.debit }],
    pieces: [], refunds: [], audits: [], inspections: [],
    log: [{
      moduleSerial, seq: 1, meterId, type: 'purchase', amount: 0, ar: 0, dr: 0, pieceNumber: null, at: '2026-11-24T10:00:00.000Z',
      prevHash: GENESIS_LINK, hash, mac: 'mac',
    }],
  };
}

function log(): LogEntry[] {
  const db = new Database(file, { readonly: true });
  try {
    return readEntries(db, 0, 1000);
  } finally {
    db.close();
  }
}

test('batches posted at once are durable, committed in one group, with their entries linked in commit order', async () => {
  const [a, b] = [batch(1, meters[0] as string), batch(2, meters[1] as string)];
  await Promise.all([commit(a), commit(b)]);
  const entries = log();
  assert.deepEqual(entries.map((e) => e.hash), [a.log[0]?.hash, b.log[0]?.hash]);
  const first = commitLink(linkKey, GENESIS_LINK, entries[0]?.hash as string);
  assert.deepEqual(entries.map((e) => e.link), [first, commitLink(linkKey, first, entries[1]?.hash as string)]);
  assert.equal(storage.sealedPackages([meters[1] as string])[0]?.length, 64, 'the package arrived as bytes');
  assert.equal(storage.checkpoint(2)?.record, b.checkpoint.record);
});

test('a group with one bad batch commits none of it, and the chain goes on from the last good entry', () => {
  const before = log();
  const good = batch(1, meters[2] as string);
  const bad = batch(2, meters[3] as string, { debit: 500 }); // the new account holds no funds
  assert.throws(() => storage.commitBatches([good, bad], logLinker(linkKey)), /funds changed under a purchase/);
  assert.deepEqual(log(), before);
  assert.equal(storage.meterInfo(meters[2] as string)?.accountId, null, 'the good batch of the group was rolled back too');
});

test('the writer answers a failed batch with its reason and keeps committing', async () => {
  await assert.rejects(commit(batch(2, meters[4] as string, { debit: 1 })), /funds changed under a purchase/);
  const next = batch(1, meters[5] as string);
  await commit(next);
  const entries = log();
  const last = entries.at(-1);
  assert.equal(last?.hash, next.log[0]?.hash);
  assert.equal(last?.link, commitLink(linkKey, entries.at(-2)?.link as string, last?.hash as string));
});

/**
 * Worker entry of the commit writer (commit-writer.ts): its own connection to the PSD database
 * (SQLite or PostgreSQL), so a commit's fsync never blocks the main thread. Modules post batches
 * on ports of their own; batches that arrive while a commit runs are committed together in the
 * next transaction (group commit, one fsync), and the main thread hears of each by commit id.
 * A sharded vault has one connection and one commit queue per shard: a module's port names its
 * shard, and the shards commit side by side.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { DatabaseConfig } from '../config/vault-config.ts';
import type { KeyAccess, KeyBackend, MacKey } from '../keystore/backend.ts';
import { openBackend } from '../keystore/open-backend.ts';
import { auditLinker } from '../ledger/audit-chain.ts';
import { logLinker, type LogLinker } from '../ledger/chain.ts';
import type { CommitMessage } from './batch-committer.ts';
import { PgPrimary, pgMessage } from './postgres/pg-client.ts';
import { commitGroup, newCommitMemory } from './postgres/pg-commit.ts';
import { openSqliteStore } from './sqlite/sqlite-storage.ts';
import type { BatchCommit } from './storage.ts';

export type ToWriter =
  /** `keys`: the link and audit keys only (the software store), or the token. */
  | { type: 'open'; database: DatabaseConfig; keys: KeyAccess }
  /** `shard`: the shard (map order) the module's batches commit to; 0 on a single database. */
  | { type: 'port'; port: MessagePort; shard: number }
  | { type: 'close' };
export type FromWriter =
  | { type: 'opened' }
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; error: string | null }
  | { type: 'closed' };

/** What the writer commits to: one transaction per group. */
interface CommitTarget {
  commit(batches: BatchCommit[], linker: LogLinker): Promise<void>;
  close(): Promise<void>;
}

const main = parentPort;
if (main === null) throw new Error('commit-worker must run in a worker thread');
const send = (m: FromWriter) => main.postMessage(m);

/**
 * SQLite: checkpoint the WAL every 16,384 pages (64 MiB) instead of SQLite's 1,000: the same hot
 * pages (packages, each meter's newest pieces) are rewritten batch after batch, and a checkpoint
 * copies each page once however often it changed, so fewer checkpoints copy far less.
 */
const WAL_CHECKPOINT_PAGES = 16_384;

/** One commit target per shard (one on a single database). */
async function openTargets(database: DatabaseConfig, linker: LogLinker, auditMac: MacKey): Promise<CommitTarget[]> {
  if (database.kind !== 'sharded') return [await openTarget(database, linker, auditMac)];
  const opened = await Promise.allSettled(database.map.shards.map((s) => openTarget({ kind: 'postgres', url: s.database }, linker, auditMac)));
  const failed = opened.find((r) => r.status === 'rejected');
  if (failed === undefined) return opened.map((r) => (r as PromiseFulfilledResult<CommitTarget>).value);
  await Promise.all(opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value.close()] : [])));
  throw failed.reason;
}

async function openTarget(database: Exclude<DatabaseConfig, { kind: 'sharded' }>, linker: LogLinker, auditMac: MacKey): Promise<CommitTarget> {
  if (database.kind === 'sqlite') {
    const store = openSqliteStore(database.file, { walAutoCheckpointPages: WAL_CHECKPOINT_PAGES, auditMac });
    store.linkOldEntries(linker);
    return { commit: async (batches) => store.commitBatches(batches, linker), close: async () => store.close() };
  }
  // One connection: commits are serial, and their statements are pipelined on it.
  const db = new PgPrimary(database.url, { max: 1, applicationName: 'vbi-vault-committer' });
  await (await db.sql())`SELECT 1`;
  let closing = false;
  const memory = newCommitMemory();
  return {
    commit: (batches) => commitGroup(db, batches, { log: linker, audit: auditLinker(auditMac) }, { up: () => closing }, memory),
    close: async () => {
      closing = true;
      await db.end();
    },
  };
}

/** A shard's commit queue: what waits for the next transaction, and the commit running now. */
interface Queue {
  target: CommitTarget;
  pending: CommitMessage[];
  committing: Promise<void> | null;
}

let queues: Queue[] = [];
let linker: LogLinker | null = null;
let backend: KeyBackend | null = null;
const modulePorts: MessagePort[] = [];

/** Buffers arrive as plain Uint8Arrays; give them back their Buffer face for the drivers. */
function revive(b: BatchCommit): BatchCommit {
  const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  for (const p of b.packages) p.sealedPackage = buf(p.sealedPackage);
  for (const p of b.pieces) p.indicium = buf(p.indicium);
  return b;
}

/** Commits what is pending, then whatever arrived meanwhile, until nothing is left. */
async function flush(q: Queue): Promise<void> {
  while (q.pending.length > 0 && linker !== null) {
    const group = q.pending;
    q.pending = [];
    let error: string | null = null;
    try {
      await q.target.commit(group.map((g) => g.batch), linker);
    } catch (err) {
      // Our own messages or the driver's (a broken invariant, a database error); never key material.
      error = pgMessage(err);
    }
    for (const g of group) send({ type: 'done', id: g.id, error });
  }
}

function startFlush(q: Queue): void {
  if (q.committing !== null) return;
  q.committing = new Promise<void>((resolve) => setImmediate(resolve)).then(() => flush(q)).finally(() => {
    q.committing = null;
  });
}

function receiveCommit(msg: CommitMessage, shard: number): void {
  const q = queues[shard];
  if (q === undefined) {
    send({ type: 'done', id: msg.id, error: `no shard ${shard} to commit to` });
    return;
  }
  q.pending.push({ ...msg, batch: revive(msg.batch) });
  startFlush(q);
}

main.on('message', (msg: ToWriter) => {
  switch (msg.type) {
    case 'open':
      try {
        backend = openBackend(msg.keys);
        linker = logLinker(backend.linkMac);
      } catch (err) {
        send({ type: 'failed', message: err instanceof Error ? err.message : 'could not open the keys' });
        return;
      }
      openTargets(msg.database, linker, backend.auditMac).then(
        (targets) => {
          queues = targets.map((target) => ({ target, pending: [], committing: null }));
          send({ type: 'opened' });
        },
        (err: unknown) => send({ type: 'failed', message: err instanceof Error ? err.message : 'could not open the database' }),
      );
      return;
    case 'port':
      modulePorts.push(msg.port);
      msg.port.on('message', (m: CommitMessage) => receiveCommit(m, msg.shard));
      return;
    case 'close':
      void (async () => {
        await Promise.all(queues.map(async (q) => {
          await q.committing;
          await flush(q);
        }));
        for (const port of modulePorts) port.close();
        await Promise.all(queues.map((q) => q.target.close()));
        queues = [];
        backend?.close();
        backend = null;
        send({ type: 'closed' });
      })();
      return;
  }
});

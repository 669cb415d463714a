/**
 * Worker entry of the commit writer (commit-writer.ts): its own connection to the PSD database,
 * so the WAL fsync of a commit never blocks the main thread. Modules post batches on ports of
 * their own; batches that arrive while a commit runs are committed together in the next
 * transaction (group commit, one fsync), and the main thread hears of each by commit id.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { KeyAccess, KeyBackend } from '../../keystore/backend.ts';
import { openBackend } from '../../keystore/open-backend.ts';
import { logLinker, type LogLinker } from '../../ledger/chain.ts';
import type { CommitMessage } from '../batch-committer.ts';
import type { BatchCommit } from '../storage.ts';
import { openSqliteStore, type SyncStorage } from './sqlite-storage.ts';

export type ToWriter =
  /** `keys`: the link and audit keys only (the software store), or the token. */
  | { type: 'open'; file: string; keys: KeyAccess }
  | { type: 'port'; port: MessagePort }
  | { type: 'close' };
export type FromWriter =
  | { type: 'opened' }
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; error: string | null }
  | { type: 'closed' };

const main = parentPort;
if (main === null) throw new Error('commit-worker must run in a worker thread');
const send = (m: FromWriter) => main.postMessage(m);

/**
 * Checkpoint the WAL every 16,384 pages (64 MiB) instead of SQLite's 1,000: the same hot pages
 * (packages, each meter's newest pieces) are rewritten batch after batch, and a checkpoint copies
 * each page once however often it changed, so fewer checkpoints copy far less.
 */
const WAL_CHECKPOINT_PAGES = 16_384;

let storage: SyncStorage | null = null;
let linker: LogLinker | null = null;
let backend: KeyBackend | null = null;
let pending: CommitMessage[] = [];
const modulePorts: MessagePort[] = [];

/** Buffers arrive as plain Uint8Arrays; give them back their Buffer face for better-sqlite3. */
function revive(b: BatchCommit): BatchCommit {
  const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  for (const p of b.packages) p.sealedPackage = buf(p.sealedPackage);
  for (const p of b.pieces) p.indicium = buf(p.indicium);
  return b;
}

function flush(): void {
  const group = pending;
  pending = [];
  if (group.length === 0 || storage === null || linker === null) return;
  let error: string | null = null;
  try {
    storage.commitBatches(group.map((g) => g.batch), linker);
  } catch (err) {
    // Our own messages (SQLite's, or a broken invariant); never key material.
    error = err instanceof Error ? err.message : 'commit failed';
  }
  for (const g of group) send({ type: 'done', id: g.id, error });
}

function receiveCommit(msg: CommitMessage): void {
  pending.push({ ...msg, batch: revive(msg.batch) });
  if (pending.length === 1) setImmediate(flush);
}

main.on('message', (msg: ToWriter) => {
  switch (msg.type) {
    case 'open':
      try {
        backend = openBackend(msg.keys);
        storage = openSqliteStore(msg.file, { walAutoCheckpointPages: WAL_CHECKPOINT_PAGES, auditMac: backend.auditMac });
        linker = logLinker(backend.linkMac);
        storage.linkOldEntries(linker);
        send({ type: 'opened' });
      } catch (err) {
        send({ type: 'failed', message: err instanceof Error ? err.message : 'could not open the database' });
      }
      return;
    case 'port':
      modulePorts.push(msg.port);
      msg.port.on('message', receiveCommit);
      return;
    case 'close':
      flush();
      for (const port of modulePorts) port.close();
      storage?.close();
      storage = null;
      backend?.close();
      backend = null;
      send({ type: 'closed' });
      return;
  }
});

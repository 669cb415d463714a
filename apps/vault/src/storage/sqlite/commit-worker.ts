/**
 * Worker entry of the commit writer (commit-writer.ts): its own connection to the PSD database,
 * so the WAL fsync of a commit never blocks the main thread. Batches that arrive while a commit
 * runs are committed together in the next transaction (group commit, one fsync).
 */
import { parentPort } from 'node:worker_threads';
import { logLinker } from '../../bank/log-link.ts';
import type { BatchCommit, LogLinker, Storage } from '../storage.ts';
import { openSqliteStorage } from './sqlite-storage.ts';

export type ToWriter =
  | { type: 'open'; file: string; linkKey: Uint8Array }
  | { type: 'commit'; id: number; batch: BatchCommit }
  | { type: 'close' };
export type FromWriter =
  | { type: 'opened' }
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; error: string | null }
  | { type: 'closed' };

const port = parentPort;
if (port === null) throw new Error('commit-worker must run in a worker thread');
const send = (m: FromWriter) => port.postMessage(m);

let storage: Storage | null = null;
let linker: LogLinker | null = null;
let pending: Array<{ id: number; batch: BatchCommit }> = [];

/** Buffers arrive as plain Uint8Arrays; give them back their Buffer face for better-sqlite3. */
function revive(b: BatchCommit): BatchCommit {
  const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  return {
    ...b,
    packages: b.packages.map((p) => ({ ...p, sealedPackage: buf(p.sealedPackage) })),
    pieces: b.pieces.map((p) => ({ ...p, indicium: buf(p.indicium) })),
  };
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

port.on('message', (msg: ToWriter) => {
  switch (msg.type) {
    case 'open':
      try {
        storage = openSqliteStorage(msg.file);
        linker = logLinker(Buffer.from(msg.linkKey));
        storage.linkOldEntries(linker);
        send({ type: 'opened' });
      } catch (err) {
        send({ type: 'failed', message: err instanceof Error ? err.message : 'could not open the database' });
      }
      return;
    case 'commit':
      pending.push({ id: msg.id, batch: revive(msg.batch) });
      if (pending.length === 1) setImmediate(flush);
      return;
    case 'close':
      flush();
      storage?.close();
      storage = null;
      send({ type: 'closed' });
      return;
  }
});

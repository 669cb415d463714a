/**
 * How module batches become durable (SPEC §4.4). Each module posts its batches straight to a port
 * of the committer's (the bank's thread never copies them); the bank waits by commit id.
 */
import type { MessagePort } from 'node:worker_threads';
import type { BatchCommit } from './storage.ts';

/** What a module posts on its committer port: one batch to make durable, named by the bank's commit id. */
export interface CommitMessage {
  type: 'commit';
  id: number;
  batch: BatchCommit;
}

export interface BatchCommitter {
  /** A new port for one module, which posts CommitMessages on it; `shard`: where its batches commit (default 0). */
  modulePort(shard?: number): MessagePort;
  /** Resolves once commit `id` is durable; rejects with the reason when it failed. */
  outcome(id: number): Promise<void>;
  /** Drops the wait for a commit that will not be posted (the batch changed nothing). */
  forget(id: number): void;
  close(): Promise<void>;
}

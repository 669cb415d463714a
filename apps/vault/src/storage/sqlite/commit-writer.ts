/**
 * The main thread's side of the commit writer: a worker thread that owns the PSD database's
 * batch commits (commit-worker.ts). `commit` resolves once the batch is durable, or rejects.
 */
import type { Worker } from 'node:worker_threads';
import { spawnTsWorker } from '../../spawn-ts-worker.ts';
import type { BatchCommit, BatchCommitter } from '../storage.ts';
import type { FromWriter, ToWriter } from './commit-worker.ts';

export class CommitWriter implements BatchCommitter {
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private waiter: { resolve: () => void; reject: (err: Error) => void } | null = null;
  private broken: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: FromWriter) => this.receive(msg));
    worker.on('error', (err) => this.fail(new Error(`commit writer crashed: ${err.message}`)));
    worker.on('exit', () => this.fail(new Error('commit writer stopped')));
  }

  /** Opens the database in a new writer thread; the link key makes the log's commit links. */
  static open(file: string, linkKey: Buffer): Promise<CommitWriter> {
    const writer = new CommitWriter(spawnTsWorker(new URL('./commit-worker.ts', import.meta.url)));
    return new Promise((resolve, reject) => {
      writer.waiter = { resolve: () => resolve(writer), reject };
      writer.post({ type: 'open', file, linkKey: new Uint8Array(linkKey) });
    });
  }

  commit(batch: BatchCommit): Promise<void> {
    if (this.broken !== null) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ type: 'commit', id, batch });
    });
  }

  /** Commits what was sent, closes the connection, ends the thread. */
  async close(): Promise<void> {
    if (this.broken === null) {
      await new Promise<void>((resolve, reject) => {
        this.waiter = { resolve, reject };
        this.post({ type: 'close' });
      });
    }
    this.broken ??= new Error('commit writer closed');
    await this.worker.terminate();
  }

  private post(msg: ToWriter): void {
    this.worker.postMessage(msg);
  }

  private receive(msg: FromWriter): void {
    if (msg.type === 'done') {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error === null) p?.resolve();
      else p?.reject(new Error(msg.error));
      return;
    }
    const w = this.waiter;
    this.waiter = null;
    if (msg.type === 'failed') w?.reject(new Error(msg.message));
    else w?.resolve();
  }

  private fail(err: Error): void {
    if (this.broken !== null) return;
    this.broken = err;
    this.waiter?.reject(err);
    this.waiter = null;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

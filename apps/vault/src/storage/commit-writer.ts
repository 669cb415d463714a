/**
 * The main thread's side of the commit writer: a worker thread that owns the PSD database's
 * batch commits (commit-worker.ts). Modules post their batches to it on ports of their own; the
 * writer tells this side, by commit id, when each is durable or why it failed.
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { DatabaseConfig } from '../config/vault-config.ts';
import type { KeyAccess } from '../keystore/backend.ts';
import { spawnTsWorker } from '../spawn-ts-worker.ts';
import type { BatchCommitter } from './batch-committer.ts';
import type { FromWriter, ToWriter } from './commit-worker.ts';

interface Outcome {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class CommitWriter implements BatchCommitter {
  private readonly outcomes = new Map<number, Outcome>();
  private waiter: { resolve: () => void; reject: (err: Error) => void } | null = null;
  private broken: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: FromWriter) => this.receive(msg));
    worker.on('error', (err) => this.fail(new Error(`commit writer crashed: ${err.message}`)));
    worker.on('exit', () => this.fail(new Error('commit writer stopped')));
  }

  /** Opens the database in a new writer thread; `keys` (narrowed to WRITER_KEYS) make the log's commit links and the audit entries' MACs. */
  static open(database: DatabaseConfig, keys: KeyAccess): Promise<CommitWriter> {
    const writer = new CommitWriter(spawnTsWorker(new URL('./commit-worker.ts', import.meta.url)));
    return new Promise((resolve, reject) => {
      writer.waiter = { resolve: () => resolve(writer), reject };
      writer.post({ type: 'open', database, keys });
    });
  }

  modulePort(shard = 0): MessagePort {
    const { port1, port2 } = new MessageChannel();
    this.worker.postMessage({ type: 'port', port: port2, shard } satisfies ToWriter, [port2]);
    return port1;
  }

  /** Call before the batch goes to its module: the writer's answer may come back before the module's. */
  outcome(id: number): Promise<void> {
    let settle!: Outcome;
    const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    // A rejection nobody awaits (the bank gave up on the batch) must not end the process.
    promise.catch(() => undefined);
    if (this.broken !== null) settle.reject(this.broken);
    else this.outcomes.set(id, settle);
    return promise;
  }

  forget(id: number): void {
    this.outcomes.delete(id);
  }

  /** Commits what was posted, closes the connection, ends the thread. */
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
      const entry = this.outcomes.get(msg.id);
      this.outcomes.delete(msg.id);
      if (msg.error === null) entry?.resolve();
      else entry?.reject(new Error(msg.error));
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
    for (const entry of this.outcomes.values()) entry.reject(err);
    this.outcomes.clear();
  }
}

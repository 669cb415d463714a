/** Main-thread handle of one module worker: starts it, sends messages, matches answers by id. */
import type { MessagePort, Worker } from 'node:worker_threads';
import type { ModuleKeys } from '../keystore/backend.ts';
import type { StoredCheckpoint } from '../storage/storage.ts';
import { spawnTsWorker } from '../spawn-ts-worker.ts';
import type { BatchReply, CheckOutcome, FromModule, MintRequest, MintResult, ModuleCommand, ModuleSettings } from './messages.ts';


type Pending = { resolve: (value: never) => void; reject: (err: Error) => void };

export class ModuleHandle {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readyWait: { resolve: () => void; reject: (err: Error) => void } | null = null;
  down = false;

  constructor(
    readonly serial: number,
    private readonly onDown: (handle: ModuleHandle) => void,
  ) {
    this.worker = spawnTsWorker(new URL('./module-worker.ts', import.meta.url));
    this.worker.on('message', (msg: FromModule) => this.receive(msg));
    this.worker.on('error', (err) => this.fail(`module ${serial} crashed: ${err.message}`));
    this.worker.on('exit', () => this.fail(`module ${serial} stopped`));
  }

  /** `commitPort` (transferred to the worker) is where the module posts its batches. */
  start(settings: ModuleSettings, keys: ModuleKeys, commitPort: MessagePort | null): Promise<void> {
    return new Promise((resolve, reject) => {
      this.readyWait = { resolve, reject };
      this.worker.postMessage({ type: 'init', settings, keys, commitPort }, commitPort === null ? [] : [commitPort]);
    });
  }

  check(db: StoredCheckpoint | null): Promise<CheckOutcome> {
    return this.call((id) => ({ type: 'check', id, db }));
  }

  /** Runs a batch; when the reply says `committing`, the module has posted it as commit `commitId`. */
  batch(commitId: number, db: StoredCheckpoint | null, commands: ModuleCommand[]): Promise<BatchReply> {
    return this.call((id) => ({ type: 'batch', id, commitId, db, commands }));
  }

  hello(clientNonce: string): Promise<string> {
    return this.call((id) => ({ type: 'hello', id, clientNonce }));
  }

  mint(request: MintRequest): Promise<MintResult> {
    return this.call((id) => ({ type: 'mint', id, request }));
  }

  async stop(): Promise<void> {
    this.down = true;
    await this.worker.terminate();
  }

  private call<T>(make: (id: number) => object): Promise<T> {
    if (this.down) return Promise.reject(new Error(`module ${this.serial} is down`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: never) => void, reject });
      this.worker.postMessage(make(id));
    });
  }

  private receive(msg: FromModule): void {
    if (msg.type === 'ready') {
      this.readyWait?.resolve();
      this.readyWait = null;
      return;
    }
    if (msg.type === 'fatal') {
      process.stderr.write(`${msg.message}\n`);
      process.exit(msg.code);
    }
    if (msg.type === 'failed') {
      this.readyWait?.reject(new Error(msg.message));
      this.readyWait = null;
      return;
    }
    const waiter = this.pending.get(msg.id);
    if (waiter === undefined) return;
    this.pending.delete(msg.id);
    switch (msg.type) {
      case 'error':
        waiter.reject(new Error(msg.message));
        return;
      case 'check':
        waiter.resolve(msg.outcome as never);
        return;
      case 'batch':
        waiter.resolve(msg.reply as never);
        return;
      case 'hello':
        waiter.resolve(msg.signature as never);
        return;
      case 'mint':
        waiter.resolve(msg.result as never);
        return;
    }
  }

  private fail(message: string): void {
    if (this.down) return;
    this.down = true;
    const err = new Error(message);
    this.readyWait?.reject(err);
    this.readyWait = null;
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
    this.onDown(this);
  }
}

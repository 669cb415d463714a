/** The main thread's handle of the log off-load, which runs in its own worker (offload-worker.ts). */
import type { Worker } from 'node:worker_threads';
import type { KeyAccess } from '../keystore/backend.ts';
import { errorText, logEvent, type VaultLog } from '../log/vault-log.ts';
import { spawnTsWorker } from '../spawn-ts-worker.ts';
import type { OffloadOptions } from './offload.ts';
import type { FromOffloader, ToOffloader } from './offload-worker.ts';

/** The off-load's options; the thread opens its own key backend from `keys` (narrowed to the backup keys). */
export type OffloadThreadOptions = Omit<OffloadOptions, 'keys'> & { keys: KeyAccess };

export class OffloadThread {
  private waiter: { resolve: () => void; reject: (err: Error) => void } | null = null;
  /** Set once the thread has ended: nothing will answer any more. */
  private ended: Error | null = null;

  private constructor(private readonly worker: Worker, private readonly log: VaultLog) {
    worker.on('message', (msg: FromOffloader) => {
      if (msg.type === 'log') {
        logEvent(log, msg.event);
        return;
      }
      const w = this.waiter;
      this.waiter = null;
      if (msg.type === 'failed') w?.reject(new Error(msg.message));
      else w?.resolve();
    });
    worker.on('error', (err) => log.error('log off-load thread failed', { error: err.message }));
    worker.on('exit', (code) => {
      this.ended = new Error(`the log off-load thread ended (exit code ${code})`);
      this.waiter?.reject(this.ended);
      this.waiter = null;
    });
  }

  /** Starts the periodic off-load in a new thread; resolves once it has opened the database. */
  static async start(opts: OffloadThreadOptions): Promise<OffloadThread> {
    const thread = new OffloadThread(spawnTsWorker(new URL('./offload-worker.ts', import.meta.url)), opts.log);
    const { log: _log, ...settings } = opts;
    await thread.ask({ type: 'start', ...settings });
    return thread;
  }

  /**
   * Off-loads what is left, closes the connection and ends the thread. Never throws: a failed
   * last off-load is logged (the next start off-loads it) and must not keep the vault from stopping.
   */
  async stop(): Promise<void> {
    try {
      await this.ask({ type: 'stop' });
    } catch (err) {
      this.log.error('log off-load at stop failed', { error: errorText(err) });
    } finally {
      await this.worker.terminate();
    }
  }

  private ask(msg: ToOffloader): Promise<void> {
    if (this.ended !== null) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.worker.postMessage(msg);
    });
  }
}

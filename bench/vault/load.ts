/**
 * The load generator's handle in the main thread: spreads the meters over worker threads so
 * the client side does not compete with the bench's own bookkeeping, and steps them through
 * register → purchase → run together.
 */
import { Worker } from 'node:worker_threads';
import type { Credentials } from '../meter-client.ts';
import type { LoadCommand, LoadReply, LoadWorkerData } from './load-messages.ts';

export interface LoadOptions {
  /** The vault processes (behind no balancer: each meter keeps one socket to one of them). */
  urls: string[];
  bankEncPem: string;
  credentials: Credentials[];
  postage: number;
  mailDate: string;
  threads: number;
}

export interface RunResult {
  /** Per-request latencies (ms) of every answer inside the window, all workers. */
  latencies: Float64Array;
  perSec: number;
}

export class LoadGenerator {
  private readonly workers: Worker[];

  constructor(options: LoadOptions) {
    const shares = Array.from({ length: options.threads }, (_, t) =>
      options.credentials.filter((_, i) => i % options.threads === t),
    );
    this.workers = shares
      .filter((share) => share.length > 0)
      .map((credentials) => {
        const data: LoadWorkerData = { ...options, credentials };
        return spawnWorker(data);
      });
  }

  async register(): Promise<void> {
    await this.all({ type: 'register' });
  }

  async purchase(amount: number): Promise<void> {
    await this.all({ type: 'purchase', amount });
  }

  async run(warmupMs: number, measureMs: number): Promise<RunResult> {
    const replies = await this.all({ type: 'run', warmupMs, measureMs });
    const parts = replies.map((r) => (r.type === 'ran' ? r.latencies : new Float64Array()));
    const latencies = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      latencies.set(part, at);
      at += part.length;
    }
    return { latencies, perSec: latencies.length / (measureMs / 1000) };
  }

  async close(): Promise<void> {
    await this.all({ type: 'close' }).catch(() => undefined);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private all(command: LoadCommand): Promise<LoadReply[]> {
    return Promise.all(this.workers.map((worker) => ask(worker, command)));
  }
}

/** Worker threads do not inherit tsx's loader hooks, so the worker registers tsx first. */
function spawnWorker(workerData: LoadWorkerData): Worker {
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./load-worker.ts', import.meta.url).href);
  return new Worker(`import(${tsx}).then((m) => { m.register(); return import(${entry}); })`, { eval: true, workerData });
}

function ask(worker: Worker, command: LoadCommand): Promise<LoadReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: LoadReply) => {
      worker.off('error', onError);
      if (reply.type === 'failed') reject(new Error(`load generator: ${reply.message}`));
      else resolve(reply);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(command);
  });
}

/**
 * Starts a worker thread on a TypeScript entry. Worker threads do not inherit tsx's loader
 * hooks, so the worker registers tsx itself before importing the entry (works under `tsx` and
 * `node --import tsx`).
 */
import { Worker } from 'node:worker_threads';

export function spawnTsWorker(entry: URL): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const source = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(source, { eval: true });
}

/**
 * Worker entry of the log off-load (offload-thread.ts): the LogOffloader with its own read-only
 * connection and timer, in a thread of its own, so sealing minutes of log never stalls the sockets.
 */
import { parentPort } from 'node:worker_threads';
import type { SingleDatabase } from '../config/vault-config.ts';
import type { KeyAccess, KeyBackend } from '../keystore/backend.ts';
import { openBackend } from '../keystore/open-backend.ts';
import { postingLog, type LogEvent } from '../log/vault-log.ts';
import { backupKeys } from './keys.ts';
import { LogOffloader } from './offload.ts';

export type ToOffloader =
  /** `keys`: the backup keys only (the software store), or the token. */
  | { type: 'start'; dataDir: string; database: SingleDatabase; logDir?: string | undefined; keys: KeyAccess; intervalSeconds: number }
  | { type: 'stop' };
export type FromOffloader = { type: 'log'; event: LogEvent } | { type: 'started' } | { type: 'failed'; message: string } | { type: 'stopped' };

const main = parentPort;
if (main === null) throw new Error('offload-worker must run in a worker thread');
const send = (m: FromOffloader) => main.postMessage(m);

let offloader: LogOffloader | null = null;
let backend: KeyBackend | null = null;

main.on('message', (msg: ToOffloader) => {
  if (msg.type === 'start') {
    try {
      backend = openBackend(msg.keys);
      offloader = new LogOffloader({ ...msg, keys: backupKeys(backend), log: postingLog((event) => send({ type: 'log', event })) }).start();
      send({ type: 'started' });
    } catch (err) {
      send({ type: 'failed', message: err instanceof Error ? err.message : 'could not start the log off-load' });
    }
    return;
  }
  const stopping = offloader;
  offloader = null;
  (stopping?.stop() ?? Promise.resolve()).then(
    () => {
      backend?.close();
      backend = null;
      send({ type: 'stopped' });
    },
    (err: unknown) => send({ type: 'failed', message: err instanceof Error ? err.message : 'log off-load failed at stop' }),
  );
});

/**
 * Worker entry of the log off-load (offload-thread.ts): the LogOffloader with its own read-only
 * connection and timer, in a thread of its own, so sealing minutes of log never stalls the sockets.
 */
import { parentPort } from 'node:worker_threads';
import { postingLog, type LogEvent } from '../log/vault-log.ts';
import type { BackupKeys } from './keys.ts';
import { LogOffloader } from './offload.ts';

export type ToOffloader =
  | { type: 'start'; dataDir: string; dbFile: string; keys: BackupKeys; intervalSeconds: number }
  | { type: 'stop' };
export type FromOffloader = { type: 'log'; event: LogEvent } | { type: 'started' } | { type: 'failed'; message: string } | { type: 'stopped' };

const main = parentPort;
if (main === null) throw new Error('offload-worker must run in a worker thread');
const send = (m: FromOffloader) => main.postMessage(m);

let offloader: LogOffloader | null = null;

main.on('message', (msg: ToOffloader) => {
  if (msg.type === 'start') {
    try {
      // Buffers cross threads as plain Uint8Arrays.
      const k = msg.keys;
      const keys: BackupKeys = { segment: Buffer.from(k.segment), snapshot: Buffer.from(k.snapshot), log: Buffer.from(k.log), link: Buffer.from(k.link) };
      offloader = new LogOffloader({ ...msg, keys, log: postingLog((event) => send({ type: 'log', event })) }).start();
      send({ type: 'started' });
    } catch (err) {
      send({ type: 'failed', message: err instanceof Error ? err.message : 'could not start the log off-load' });
    }
    return;
  }
  offloader?.stop();
  offloader = null;
  send({ type: 'stopped' });
});

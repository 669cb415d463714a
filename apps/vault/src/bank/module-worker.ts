/**
 * Worker entry of one module, and its composition root: receives its key access once, then
 * serves messages in order.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { CommitMessage } from '../storage/batch-committer.ts';
import { FAULT_EXIT_CODE, withFault, type CommitSink } from './fault-injection.ts';
import type { FromModule, ToModule } from './messages.ts';
import { Module } from './module.ts';

const port = parentPort;
if (port === null) throw new Error('module-worker must run in a worker thread');

let module: Module | null = null;
let commitSink: CommitSink<CommitMessage> | null = null;
let queue: Promise<void> = Promise.resolve();

function send(message: FromModule): void {
  port?.postMessage(message);
}

async function handle(msg: ToModule): Promise<void> {
  if (msg.type === 'init') {
    try {
      module = await Module.open(msg.settings, msg.keys.access, msg.keys.caCertPem);
      const commitPort: MessagePort | null = msg.commitPort;
      if (commitPort !== null) {
        commitSink = withFault<CommitMessage>(process.env.VBI_FAULT, (message) => {
          commitPort.postMessage(message);
          return true;
        });
      }
      send({ type: 'ready' });
    } catch (err) {
      send({ type: 'failed', message: err instanceof Error ? err.message : 'module failed to start' });
    }
    return;
  }
  const m = module;
  if (m === null) {
    send({ type: 'error', id: msg.id, message: 'module not initialised' });
    return;
  }
  try {
    switch (msg.type) {
      case 'check':
        send({ type: 'check', id: msg.id, outcome: m.check(msg.db) });
        return;
      case 'batch': {
        const { reply, commit } = await m.runBatch(msg.db, msg.commands);
        // Straight to the committer: the bank's thread waits for its word by commit id.
        if (commit !== null) {
          if (commitSink === null) throw new Error('this module has no committer');
          if (!commitSink({ type: 'commit', id: msg.commitId, batch: commit })) {
            send({ type: 'fatal', code: FAULT_EXIT_CODE, message: 'VBI_FAULT: exiting after the module wrote its memory, before the database commit' });
            return;
          }
        }
        send({ type: 'batch', id: msg.id, reply });
        return;
      }
      case 'hello':
        send({ type: 'hello', id: msg.id, signature: m.hello(msg.clientNonce) });
        return;
      case 'mint':
        send({ type: 'mint', id: msg.id, result: await m.mint(msg.request) });
        return;
    }
  } catch (err) {
    // Messages of our own code only; never key material.
    send({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : 'module error' });
  }
}

// Messages are handled strictly in order, so a batch finishes before the next message starts.
port.on('message', (msg: ToModule) => {
  queue = queue.then(() => handle(msg));
});

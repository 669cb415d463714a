/** Worker entry of one module: receives its key material once, then serves messages in order. */
import { parentPort } from 'node:worker_threads';
import type { FromModule, ToModule } from './messages.ts';
import { Module } from './module.ts';

const port = parentPort;
if (port === null) throw new Error('module-worker must run in a worker thread');

let module: Module | null = null;
let queue: Promise<void> = Promise.resolve();

function send(message: FromModule): void {
  port?.postMessage(message);
}

async function handle(msg: ToModule): Promise<void> {
  if (msg.type === 'init') {
    try {
      module = await Module.open(msg.settings, msg.keys);
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
      case 'batch':
        send({ type: 'batch', id: msg.id, result: await m.runBatch(msg.db, msg.commands) });
        return;
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

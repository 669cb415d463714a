/**
 * The bridge over the web host's WebSocket (`/bridge?token=…`). Satisfies the same VbiBridge
 * contract as Electron's preload, so the UI cannot tell them apart.
 */
import { CALL_NAMES, type BridgeEvent, type CallName, type VbiBridge } from '../../shared/contract.ts';
import { BridgeError } from './bridge-error.ts';

interface Waiter {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export function createWsBridge(socketUrl: string): VbiBridge {
  const listeners = new Set<(e: BridgeEvent) => void>();
  const waiting = new Map<number, Waiter>();
  let nextId = 1;
  const socket = new WebSocket(socketUrl);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new BridgeError('OFFLINE', 'The app window lost its link to the app. Reload the page.')));
  });
  socket.addEventListener('message', (msg) => {
    const frame = JSON.parse(String(msg.data)) as { id?: number; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } }; event?: BridgeEvent };
    if (frame.event) {
      for (const l of listeners) l(frame.event);
      return;
    }
    const waiter = typeof frame.id === 'number' ? waiting.get(frame.id) : undefined;
    if (!waiter || !frame.result) return;
    waiting.delete(frame.id as number);
    if (frame.result.ok) waiter.resolve(frame.result.value);
    else waiter.reject(new BridgeError(frame.result.error?.code ?? 'INTERNAL', frame.result.error?.message ?? 'The call failed.'));
  });
  socket.addEventListener('close', () => {
    for (const w of waiting.values()) w.reject(new BridgeError('OFFLINE', 'The app window lost its link to the app. Reload the page.'));
    waiting.clear();
  });

  async function call(name: CallName, input: unknown): Promise<unknown> {
    await opened;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, call: name, input: input ?? {} }));
    });
  }

  const calls = Object.fromEntries(CALL_NAMES.map((name) => [name, (input: unknown) => call(name, input)]));
  return {
    ...(calls as Omit<VbiBridge, 'onEvent'>),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

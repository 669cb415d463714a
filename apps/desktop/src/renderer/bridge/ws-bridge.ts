/**
 * The bridge over the web host's WebSocket (`/bridge?token=…`). Satisfies the same VbiBridge
 * contract as Electron's preload, so the UI cannot tell them apart; frames follow shared/wire.ts.
 */
import { CALL_NAMES, type BridgeEvent, type CallName, type VbiBridge } from '../../shared/contract.ts';
import { hostFrameSchema, type CallFrame } from '../../shared/wire.ts';
import { BridgeError } from './bridge-error.ts';

interface Waiter {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

// Reloading does not help once the app restarted (a new one-time key): the app's own address does.
const LINK_LOST = 'This page lost its link to the app. Open the address the app printed when it started (it carries a one-time key).';

export function createWsBridge(socketUrl: string): VbiBridge {
  const listeners = new Set<(e: BridgeEvent) => void>();
  const waiting = new Map<number, Waiter>();
  let nextId = 1;
  const socket = new WebSocket(socketUrl);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new BridgeError('OFFLINE', LINK_LOST)));
  });
  socket.addEventListener('message', (msg) => {
    let raw: unknown;
    try {
      raw = JSON.parse(String(msg.data));
    } catch {
      return; // not a frame of ours
    }
    const parsed = hostFrameSchema.safeParse(raw);
    if (!parsed.success) return;
    const frame = parsed.data;
    if ('event' in frame) {
      for (const l of listeners) l(frame.event);
      return;
    }
    const waiter = frame.id === null ? undefined : waiting.get(frame.id);
    if (!waiter || frame.id === null) return;
    waiting.delete(frame.id);
    if (frame.result.ok) waiter.resolve(frame.result.value);
    else waiter.reject(new BridgeError(frame.result.error.code, frame.result.error.message));
  });
  socket.addEventListener('close', () => {
    for (const w of waiting.values()) w.reject(new BridgeError('OFFLINE', LINK_LOST));
    waiting.clear();
  });

  async function call(name: CallName, input: unknown): Promise<unknown> {
    await opened;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      const frame: CallFrame = { id, call: name, input: input ?? {} };
      socket.send(JSON.stringify(frame));
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

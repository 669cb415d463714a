/**
 * The preload: exposes the contract's task-shaped calls only, each one `ipcRenderer.invoke` of
 * its own channel, and an event subscription. No ipcRenderer, no Node, no generic
 * `invoke(channel)` reaches the page. Failures reject with a plain `{code, message}`
 * (contextBridge clones plain objects, not Error subclasses).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_NAMES, type BridgeEvent, type CallName, type VbiBridge } from '../shared/contract.ts';
import { callChannel, EVENT_CHANNEL, readEnvelope } from '../shared/wire.ts';

async function call(name: CallName, input: unknown): Promise<unknown> {
  const envelope = readEnvelope(await ipcRenderer.invoke(callChannel(name), input ?? {}));
  if (envelope.ok) return envelope.value;
  throw { code: envelope.error.code, message: envelope.error.message };
}

const calls = Object.fromEntries(CALL_NAMES.map((name) => [name, (input: unknown) => call(name, input)])) as Omit<VbiBridge, 'onEvent'>;

const bridge = {
  ...calls,
  onEvent(listener: (event: BridgeEvent) => void) {
    const handler = (_e: IpcRendererEvent, event: BridgeEvent) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
} satisfies VbiBridge;

contextBridge.exposeInMainWorld('vbi', bridge);

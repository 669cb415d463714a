/**
 * The preload: exposes task-shaped functions only, each one `ipcRenderer.invoke` of one
 * channel, and an event subscription. No ipcRenderer, no Node, no generic `invoke(channel)`
 * reaches the page. Failures reject with a plain `{code, message}` (contextBridge clones it).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeEvent, CallName, VbiBridge } from '../shared/contract.ts';

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

function invoke<K extends CallName>(name: K): VbiBridge[K] {
  const call = async (input: unknown) => {
    const envelope = (await ipcRenderer.invoke(`vbi:${name}`, input ?? {})) as Envelope;
    if (envelope.ok) return envelope.value;
    throw { code: envelope.error.code, message: envelope.error.message };
  };
  return call as VbiBridge[K];
}

const bridge = {
  status: invoke('status'),
  connect: invoke('connect'),
  register: invoke('register'),
  login: invoke('login'),
  logout: invoke('logout'),
  buyPostage: invoke('buyPostage'),
  quote: invoke('quote'),
  matchAddress: invoke('matchAddress'),
  preview: invoke('preview'),
  printPostage: invoke('printPostage'),
  printPending: invoke('printPending'),
  reprint: invoke('reprint'),
  refund: invoke('refund'),
  history: invoke('history'),
  listPrinters: invoke('listPrinters'),
  checkPrinter: invoke('checkPrinter'),
  printTestEnvelope: invoke('printTestEnvelope'),
  savePrinterSetup: invoke('savePrinterSetup'),
  updateStatus: invoke('updateStatus'),
  restartToUpdate: invoke('restartToUpdate'),
  onEvent(listener: (event: BridgeEvent) => void) {
    const handler = (_e: IpcRendererEvent, event: BridgeEvent) => listener(event);
    ipcRenderer.on('vbi:event', handler);
    return () => {
      ipcRenderer.removeListener('vbi:event', handler);
    };
  },
} satisfies VbiBridge;

contextBridge.exposeInMainWorld('vbi', bridge);

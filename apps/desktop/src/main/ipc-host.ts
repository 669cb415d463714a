/**
 * The core's host over Electron IPC: one `ipcMain.handle` per contract call, served only to the
 * trusted sender, and the core's (checked) events sent to the window. The one file of the main
 * process that touches ipcMain.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Host } from '../core/host.ts';
import { CALL_NAMES } from '../shared/contract.ts';
import { callChannel, EVENT_CHANNEL, failure } from '../shared/wire.ts';

export function serveOverIpc(host: Host, senderAllowed: (event: IpcMainInvokeEvent) => boolean, window: () => WebContents | null): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), (event, input: unknown) =>
      senderAllowed(event) ? host.dispatch(name, input) : failure('FORBIDDEN', 'Not allowed from this frame.'),
    );
  }
  host.subscribe((event) => window()?.send(EVENT_CHANNEL, event));
}

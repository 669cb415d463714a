/**
 * Calls the app's core directly from inside the window, bypassing the UI: for checking that the
 * core and the vault refuse what the UI no longer offers. In Electron through the preload's
 * `window.vbi`; in the browser over a second bridge socket (same origin, same per-launch token
 * the page keeps in sessionStorage).
 */
import type { Page } from '@playwright/test';

export type BridgeResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export function callBridge(page: Page, call: string, input: unknown): Promise<BridgeResult> {
  return page.evaluate(
    ({ call, input }) =>
      new Promise<BridgeResult>((resolve, reject) => {
        const preload = (window as { vbi?: Record<string, (i: unknown) => Promise<unknown>> }).vbi;
        if (preload) {
          const fn = preload[call];
          if (!fn) return reject(new Error(`the preload has no ${call}`));
          fn(input).then(
            (value) => resolve({ ok: true, value }),
            (e: { code: string; message: string }) => resolve({ ok: false, error: { code: e.code, message: e.message } }),
          );
          return;
        }
        const token = sessionStorage.getItem('vbi-token') ?? '';
        const socket = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`);
        socket.onerror = () => reject(new Error('bridge socket failed'));
        socket.onopen = () => socket.send(JSON.stringify({ id: 1, call, input }));
        socket.onmessage = (msg) => {
          const frame = JSON.parse(String(msg.data)) as { id?: number; result?: BridgeResult };
          if (frame.id !== 1 || !frame.result) return;
          socket.close();
          resolve(frame.result);
        };
      }),
    { call, input },
  );
}

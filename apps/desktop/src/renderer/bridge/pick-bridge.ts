/** Electron's preload exposes `window.vbi`; in a plain browser the web host's socket is used. */
import { CALL_NAMES, type VbiBridge } from '../../shared/contract.ts';
import { BridgeError } from './bridge-error.ts';
import { createWsBridge } from './ws-bridge.ts';

declare global {
  interface Window {
    vbi?: VbiBridge;
  }
}

export function pickBridge(): VbiBridge {
  if (window.vbi) return window.vbi;
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) window.sessionStorage.setItem('vbi-token', fromUrl);
  const token = fromUrl ?? window.sessionStorage.getItem('vbi-token') ?? '';
  if (token === '') return noLinkBridge();
  // Keep the token out of the address bar (and of anything copied from it); a reload of this tab still works.
  window.history.replaceState(null, '', window.location.pathname);
  return createWsBridge(`ws://${window.location.host}/bridge?token=${encodeURIComponent(token)}`);
}

/** Opened without the app's one-time key: every call says how to get in (a reload never will). */
function noLinkBridge(): VbiBridge {
  const refuse = (): Promise<never> => Promise.reject(new BridgeError('FORBIDDEN', 'This page was opened without the app’s one-time key. Open the address the app printed when it started, for example http://127.0.0.1:5173/?token=…'));
  const calls = Object.fromEntries(CALL_NAMES.map((name) => [name, refuse]));
  return { ...(calls as unknown as Omit<VbiBridge, 'onEvent'>), onEvent: () => () => undefined };
}

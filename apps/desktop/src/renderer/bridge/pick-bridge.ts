/** Electron's preload exposes `window.vbi`; in a plain browser the web host's socket is used. */
import type { VbiBridge } from '../../shared/contract.ts';
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
  // Keep the token out of the address bar (and of anything copied from it); a reload of this tab still works.
  window.history.replaceState(null, '', window.location.pathname);
  return createWsBridge(`ws://${window.location.host}/bridge?token=${encodeURIComponent(token)}`);
}

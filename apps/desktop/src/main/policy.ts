/**
 * The Electron shell's security policy as plain data and pure checks (no `electron` import), so
 * tests hold it to account without an Electron binary. security.ts and main.ts apply it.
 */
import { contentSecurityPolicy } from '../shared/csp.ts';

/** Every BrowserWindow's webPreferences: an isolated, sandboxed renderer without Node. */
export const WINDOW_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

/** The renderer talks only to the preload bridge, so it may connect nowhere. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy("'none'");

/** An IPC call is served only when it comes from the main window's main frame showing our page. */
export function isTrustedSender(senderFrame: { url: string } | null, mainFrame: unknown, indexUrl: string): boolean {
  return senderFrame !== null && senderFrame === mainFrame && senderFrame.url.split('#')[0] === indexUrl;
}

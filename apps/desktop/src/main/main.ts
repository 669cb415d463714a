/**
 * The Electron shell: one window with the hardened settings, the core's host served over IPC
 * (every call checked against the contract, after the sender frame), and the updater.
 * Configuration: VBI_VAULT_URL, VBI_TRUST_DIR (default: the bundled trust folder), VBI_PRINT_DIR (adds the PDF-folder printer), VBI_PROFILE_DIR (default: `<userData>/profile`).
 */
import { app, BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppCore } from '../core/app-core.ts';
import { createHost } from '../core/host.ts';
import { lineLog } from '../core/log.ts';
import { defaultSinks } from '../core/print/default-sinks.ts';
import { loadTrustBundle } from '../core/trust.ts';
import { vaultHttpUrl } from '../core/vault/health.ts';
import { ElectronPrintSink } from './electron-sink.ts';
import { serveOverIpc } from './ipc-host.ts';
import { isTrustedSender, WINDOW_PREFERENCES } from './policy.ts';
import { hardenSession } from './security.ts';
import { electronInstaller } from './updater.ts';

const INDEX = join(__dirname, '../renderer/index.html');
const INDEX_URL = pathToFileURL(INDEX).href;
const UPDATE_CHECK_EVERY_MS = 4 * 60 * 60 * 1000;
let win: BrowserWindow | null = null;

function senderAllowed(event: IpcMainInvokeEvent): boolean {
  return isTrustedSender(event.senderFrame, win?.webContents.mainFrame, INDEX_URL);
}

async function start(): Promise<void> {
  hardenSession();
  const vaultUrl = process.env.VBI_VAULT_URL ?? 'ws://127.0.0.1:7420/v1/meter';
  const trustDir = process.env.VBI_TRUST_DIR ?? join(process.resourcesPath ?? __dirname, 'trust');
  const cupsPresent = existsSync('/usr/bin/lp') || existsSync('/usr/local/bin/lp');
  const electronSink = new ElectronPrintSink(() => win?.webContents ?? null);
  const log = lineLog((line) => process.stderr.write(line));
  const sinks = defaultSinks(process.env.VBI_PRINT_DIR, log).filter((s) => s.kind !== 'cups' || cupsPresent);
  const core = new AppCore({
    vaultUrl,
    trust: loadTrustBundle(trustDir),
    profileDir: process.env.VBI_PROFILE_DIR ?? join(app.getPath('userData'), 'profile'),
    sinks: cupsPresent ? sinks : [electronSink, ...sinks],
    appVersion: app.getVersion(),
    log,
    installer: electronInstaller(`${vaultHttpUrl(vaultUrl)}/updates/stable/`),
  });
  core.updates.startChecks(UPDATE_CHECK_EVERY_MS);
  serveOverIpc(createHost(core), senderAllowed, () => win?.webContents ?? null);

  win = new BrowserWindow({
    width: 1100,
    height: 800,
    title: 'VBI Meter',
    show: false,
    webPreferences: { ...WINDOW_PREFERENCES, preload: join(__dirname, '../preload/preload.cjs') },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => (win = null));
  await win.loadFile(INDEX);
}

app
  .whenReady()
  .then(start)
  .catch((err: unknown) => {
    // A shell that cannot start (e.g. no trust bundle) says why and quits instead of idling windowless.
    process.stderr.write(`VBI Meter could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    app.quit();
  });
app.on('window-all-closed', () => app.quit());

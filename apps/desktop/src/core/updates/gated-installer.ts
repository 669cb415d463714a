/**
 * electron-updater driven behind the signed check (docs/updates.md): it downloads only the release
 * the signed feed verified (same version, same sha512 in its own fetch of the yml), and "restart to
 * update" is offered only once the downloaded file hashes to the signed sha512 again. Structural
 * types only: nothing here imports electron or electron-updater.
 */
import { approvesUpdaterInfo, verifyDownloadedFile, type UpdaterInfo } from './install-gate.ts';
import type { AvailableUpdate } from './update-result.ts';

/** The part of electron-updater's `AppUpdater` the installer drives. */
export interface ElectronUpdater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  disableDifferentialDownload: boolean;
  checkForUpdates(): Promise<{ updateInfo: UpdaterInfo } | null>;
  downloadUpdate(): Promise<string[]>;
  quitAndInstall(): void;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
}

/** `refused`: the release failed verification; `failed`: it could not be fetched or installed. */
export type InstallState =
  | { phase: 'idle' }
  | { phase: 'downloading'; version: string; percent: number }
  | { phase: 'ready'; version: string }
  | { phase: 'refused'; version: string; reason: string }
  | { phase: 'failed'; version: string; reason: string };

export interface GatedInstaller {
  state(): InstallState;
  /** Checks, downloads and re-verifies the release a signed check returned; resolves with the final state. */
  install(verified: AvailableUpdate): Promise<InstallState>;
  /** Quits and installs a verified download; false when none is ready. */
  restart(): boolean;
}

const MAX_REASON = 200;
/** builder-util-runtime's error code for a download whose hash is not the expected one. */
const CHECKSUM_MISMATCH = 'ERR_CHECKSUM_MISMATCH';

/** A short reason from an electron-updater error: its code, else the first line of its message. */
function describeUpdaterError(err: unknown): string {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof code === 'string' ? code : String(message ?? 'unknown error').split('\n')[0] ?? '';
  return text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`;
}

export function createGatedInstaller(updater: ElectronUpdater, onChange: (state: InstallState) => void = () => {}): GatedInstaller {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  // The vault publishes no blockmaps: always fetch the whole file (docs/updates.md).
  updater.disableDifferentialDownload = true;
  let state: InstallState = { phase: 'idle' };
  let running: Promise<InstallState> | null = null;
  const set = (next: InstallState): InstallState => {
    state = next;
    onChange(next);
    return next;
  };
  updater.on('download-progress', (progress) => {
    if (state.phase === 'downloading') set({ ...state, percent: Math.min(100, Math.max(0, progress.percent)) });
  });

  async function run(verified: AvailableUpdate): Promise<InstallState> {
    const { version } = verified;
    let found: { updateInfo: UpdaterInfo } | null;
    try {
      found = await updater.checkForUpdates();
    } catch (err) {
      return set({ phase: 'failed', version, reason: `the updater could not read the feed (${describeUpdaterError(err)})` });
    }
    if (!found) return set({ phase: 'failed', version, reason: 'the updater is not active in this build' });
    const gate = approvesUpdaterInfo(verified, found.updateInfo);
    if (!gate.ok) return set({ phase: 'refused', version, reason: gate.reason });

    set({ phase: 'downloading', version, percent: 0 });
    let files: string[];
    try {
      files = await updater.downloadUpdate();
    } catch (err) {
      // electron-updater checks the file against the sha512 it read, which the gate matched to the signed one.
      if ((err as { code?: unknown } | null)?.code === CHECKSUM_MISMATCH) {
        return set({ phase: 'refused', version, reason: 'the downloaded update file does not match the sha512 in the signed feed' });
      }
      return set({ phase: 'failed', version, reason: `the update could not be downloaded (${describeUpdaterError(err)})` });
    }
    const file = files[0];
    const check = file === undefined ? { ok: false as const, reason: 'the updater downloaded no file' } : await verifyDownloadedFile(verified, file);
    return set(check.ok ? { phase: 'ready', version } : { phase: 'refused', version, reason: check.reason });
  }

  return {
    state: () => state,
    install(verified) {
      if (running) return running;
      if (state.phase === 'ready' && state.version === verified.version) return Promise.resolve(state);
      running = run(verified).finally(() => (running = null));
      return running;
    },
    restart() {
      if (state.phase !== 'ready') return false;
      updater.quitAndInstall();
      return true;
    },
  };
}

/**
 * electron-updater wiring. The core first verifies the signed feed (release key pinned in the
 * trust bundle); only a verified `available` lets electron-updater check and download, and it
 * verifies the artifact's sha512 from that feed. Checks at start and every four hours.
 */
import electronUpdater from 'electron-updater';
import type { AppCore } from '../core/app-core.ts';

const EVERY = 4 * 60 * 60 * 1000;

export function startUpdater(core: AppCore, feedUrl: string): { restart: () => Promise<boolean> } {
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  let ready = false;
  core.installState = { progress: null, canRestart: false };

  const publish = async () => core.emit({ type: 'update', update: await core.updateStatus() });
  autoUpdater.on('download-progress', (p) => {
    core.installState = { progress: p.percent / 100, canRestart: false };
    void publish();
  });
  autoUpdater.on('update-downloaded', () => {
    ready = true;
    core.installState = { progress: 1, canRestart: true };
    void publish();
  });

  const check = async () => {
    const status = await core.updateStatus();
    core.emit({ type: 'update', update: status });
    if (status.status !== 'available' || ready) return;
    try {
      const result = await autoUpdater.checkForUpdates();
      if (result?.updateInfo.version === status.version) await autoUpdater.downloadUpdate();
    } catch {
      core.emit({ type: 'update', update: { status: 'unknown', message: 'The update could not be downloaded.' } });
    }
  };
  void check();
  setInterval(() => void check(), EVERY).unref();
  return {
    restart: async () => {
      if (!ready) return false;
      autoUpdater.quitAndInstall();
      return true;
    },
  };
}

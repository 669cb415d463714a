/**
 * electron-updater wiring. The core first verifies the signed feed (release key pinned in the
 * trust bundle); only a verified `available` lets electron-updater check and download, through
 * the core's gated installer (same version and sha512 as the signed feed, downloaded file
 * re-hashed before "restart to update"). Checks at start and every four hours.
 */
import electronUpdater from 'electron-updater';
import type { AppCore } from '../core/app-core.ts';
import { toUpdateStatus } from '../core/update-link.ts';
import { createGatedInstaller, type InstallState } from '../core/updates/index.ts';
import type { UpdateStatus } from '../shared/contract.ts';

const EVERY = 4 * 60 * 60 * 1000;

export function startUpdater(core: AppCore, feedUrl: string): { restart: () => Promise<boolean> } {
  const { autoUpdater } = electronUpdater;
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  core.installState = { progress: null, canRestart: false };

  const statusOf = (state: InstallState): UpdateStatus | null => {
    switch (state.phase) {
      case 'downloading':
      case 'ready':
        core.installState = { progress: state.phase === 'ready' ? 1 : state.percent / 100, canRestart: state.phase === 'ready' };
        return core.lastUpdateCheck ? toUpdateStatus(core.lastUpdateCheck, core.installState) : null;
      case 'refused':
        core.installState = { progress: null, canRestart: false };
        return { status: 'refused', message: state.reason };
      case 'failed':
        core.installState = { progress: null, canRestart: false };
        return { status: 'unknown', message: `The update could not be installed: ${state.reason}.` };
      default:
        return null;
    }
  };
  const installer = createGatedInstaller(autoUpdater, (state) => {
    const update = statusOf(state);
    if (update) core.emit({ type: 'update', update });
  });

  const check = async () => {
    core.emit({ type: 'update', update: await core.updateStatus() });
    const verified = core.lastUpdateCheck;
    if (verified?.status === 'available') await installer.install(verified);
  };
  void check();
  setInterval(() => void check(), EVERY).unref();
  return { restart: async () => installer.restart() };
}

/**
 * electron-updater behind the core's update service: the service verifies the signed feed
 * (release key pinned in the trust bundle) and only a verified `available` lets electron-updater
 * check and download, through the core's gated installer (same version and sha512 as the signed
 * feed, downloaded file re-hashed before "restart to update").
 */
import electronUpdater from 'electron-updater';
import { createGatedInstaller, type InstallerFactory } from '../core/updates/index.ts';

export function electronInstaller(feedUrl: string): InstallerFactory {
  const { autoUpdater } = electronUpdater;
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  return (onChange) => createGatedInstaller(autoUpdater, onChange);
}

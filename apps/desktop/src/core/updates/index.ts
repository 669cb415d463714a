export { checkForUpdate, type CheckForUpdateOptions } from './check-for-update.ts';
export { updateInfoFileName, type UpdatePlatform } from './feed-info.ts';
export { approvesUpdaterInfo, verifyDownloadedFile, type UpdaterInfo, type GateVerdict } from './install-gate.ts';
export { createGatedInstaller, type ElectronUpdater, type GatedInstaller, type InstallState } from './gated-installer.ts';
export { UpdateCheckResult, type AvailableUpdate } from './update-result.ts';
export { UpdateService, type InstallerFactory, type InstallerPort } from './update-service.ts';
export { toUpdateStatus } from './update-status.ts';

export { checkForUpdate, type CheckForUpdateOptions } from './check-for-update.ts';
export { downloadAndVerifyArtifact } from './download-artifact.ts';
export { updateInfoFileName, type UpdatePlatform } from './feed-info.ts';
export { approvesUpdaterInfo, verifyDownloadedFile, type UpdaterInfo, type GateVerdict } from './install-gate.ts';
export { createGatedInstaller, type ElectronUpdater, type GatedInstaller, type InstallState } from './gated-installer.ts';
export {
  UpdateCheckResult,
  DownloadResult,
  type AvailableUpdate,
  type DownloadProgress,
} from './update-result.ts';

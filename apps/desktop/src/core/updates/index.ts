export { checkForUpdate, type CheckForUpdateOptions } from './check-for-update.ts';
export { downloadAndVerifyArtifact } from './download-artifact.ts';
export { updateInfoFileName, type UpdatePlatform } from './feed-info.ts';
export { createUpdateVerifier, type UpdateVerifier, type UpdaterInfo, type GateVerdict } from './update-verifier.ts';
export {
  UpdateCheckResult,
  DownloadResult,
  type AvailableUpdate,
  type DownloadProgress,
} from './update-result.ts';

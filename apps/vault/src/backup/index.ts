/** Backups of the vault (SPEC §4.5): log off-load, snapshots, chain verification, recovery. */
export { backupKeys, type BackupKeys } from './keys.ts';
export { OffloadThread } from './offload-thread.ts';
export { writeSnapshot, restoreSnapshot, type SnapshotHeader, type Progress } from './snapshot.ts';
export { verifySegments, verifyDatabaseLog, type ChainReport, type ChainBreak } from './verify.ts';
export { recoverVault, RecoveryRefused, type RecoverOptions, type RecoverReport } from './recover.ts';
export { LOG_SUBDIR, listSegments } from './segment.ts';

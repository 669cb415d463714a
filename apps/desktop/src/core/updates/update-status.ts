/** The bridge's view of an update: a verified check plus, where a host installs, its install progress. */
import type { UpdateStatus } from '../../shared/contract.ts';
import type { UpdateCheckResult } from './update-result.ts';

export interface InstallProgress {
  /** 0..1 while downloading, 1 when ready; null before a download started. */
  progress: number | null;
  canRestart: boolean;
}

export function toUpdateStatus(result: UpdateCheckResult, install?: InstallProgress): UpdateStatus {
  switch (result.status) {
    case 'current':
      return { status: 'current' };
    case 'available':
      return { status: 'available', version: result.version, notes: result.releaseNotes ?? '', progress: install?.progress ?? null, canRestart: install?.canRestart ?? false };
    case 'refused':
      return { status: 'refused', message: result.reason };
    default:
      return { status: 'unknown', message: result.reason };
  }
}

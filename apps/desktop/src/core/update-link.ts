/**
 * The one place the app learns about updates: `checkForUpdate` of src/core/updates (which
 * verifies the signed feed with the pinned release key) mapped onto the bridge's UpdateStatus.
 */
import { platform } from 'node:os';
import type { UpdateStatus } from '../shared/contract.ts';
import { checkForUpdate } from './updates/check-for-update.ts';
import type { UpdateCheckResult } from './updates/update-result.ts';

export interface UpdateCheckInput {
  vaultHttpUrl: string;
  releasePublicKeyPem: string;
  currentVersion: string;
  channel?: string;
  /** The vault transport's fetch (TLS trust of a pinned development certificate). */
  fetch?: typeof fetch;
}

export async function verifiedUpdateCheck(input: UpdateCheckInput): Promise<UpdateCheckResult> {
  const os = platform();
  return checkForUpdate({
    feedBaseUrl: `${input.vaultHttpUrl}/updates/${input.channel ?? 'stable'}/`,
    platform: os === 'darwin' || os === 'win32' ? os : 'linux',
    currentVersion: input.currentVersion,
    releasePublicKeyPem: input.releasePublicKeyPem,
    ...(input.fetch === undefined ? {} : { fetch: input.fetch }),
  });
}

/** The bridge's view; `progress`/`canRestart` are filled in by a host that can install. */
export function toUpdateStatus(result: UpdateCheckResult, install?: { progress: number | null; canRestart: boolean }): UpdateStatus {
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

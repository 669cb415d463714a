import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { checkForUpdate, type CheckForUpdateOptions } from './check-for-update.ts';
import type { AvailableUpdate, UpdateCheckResult } from './update-result.ts';

/** The part of electron-updater's `UpdateInfo` the gate compares (structural, so this module
 * needs no electron import). */
export interface UpdaterInfo {
  version: string;
  files: ReadonlyArray<{ url: string; sha512: string; size?: number }>;
}

export type GateVerdict = { ok: true } | { ok: false; reason: string };

export interface UpdateVerifier {
  /** Runs the signed check; remembers the verified release when one is available. */
  check(): Promise<UpdateCheckResult>;
  /** The release the last check verified, or null. */
  verified(): AvailableUpdate | null;
  /** Whether what electron-updater found (its own, unsigned fetch of the yml) is exactly the
   * verified release: same version, and the same sha512 for the file. Call before `downloadUpdate()`. */
  approves(info: UpdaterInfo): GateVerdict;
  /** Re-hashes the file electron-updater downloaded against the verified sha512 and size. Call
   * on `update-downloaded`, before offering "restart to update". */
  verifyDownloadedFile(path: string): Promise<GateVerdict>;
}

/** Glue for the Electron main: gates electron-updater with the signed check (docs/updates.md). */
export function createUpdateVerifier(opts: CheckForUpdateOptions): UpdateVerifier {
  let latest: AvailableUpdate | null = null;
  return {
    async check() {
      const result = await checkForUpdate(opts);
      latest = result.status === 'available' ? result : null;
      return result;
    },
    verified: () => latest,
    approves(info) {
      if (!latest) return { ok: false, reason: 'no verified update: run the signed check first' };
      if (info.version !== latest.version) {
        return { ok: false, reason: `the updater found version ${info.version}, but the signed feed offers ${latest.version}` };
      }
      const file = info.files[0];
      if (!file || file.sha512 !== latest.file.sha512) {
        return { ok: false, reason: 'the updater found a file whose sha512 differs from the signed feed' };
      }
      return { ok: true };
    },
    async verifyDownloadedFile(path) {
      if (!latest) return { ok: false, reason: 'no verified update: run the signed check first' };
      const hash = createHash('sha512');
      let size = 0;
      try {
        for await (const chunk of createReadStream(path)) {
          hash.update(chunk as Buffer);
          size += (chunk as Buffer).length;
        }
      } catch {
        return { ok: false, reason: 'the downloaded update file cannot be read' };
      }
      if (size !== latest.file.size || hash.digest('base64') !== latest.file.sha512) {
        return { ok: false, reason: 'the downloaded update file does not match the sha512 in the signed feed' };
      }
      return { ok: true };
    },
  };
}

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { AvailableUpdate } from './update-result.ts';

/** The part of electron-updater's `UpdateInfo` the gate compares (structural, so this module
 * needs no electron-updater import). */
export interface UpdaterInfo {
  version: string;
  files: ReadonlyArray<{ url: string; sha512: string; size?: number }>;
}

export type GateVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Whether what electron-updater found in its own (unsigned) fetch of the yml is exactly the
 * release the signed check verified: the same version, and the verified sha512 for every file it
 * lists (so whichever one it picks to download, it checks it against the signed hash).
 */
export function approvesUpdaterInfo(verified: AvailableUpdate, info: UpdaterInfo): GateVerdict {
  if (info.version !== verified.version) {
    return { ok: false, reason: `the updater found version ${info.version}, but the signed feed offers ${verified.version}` };
  }
  if (info.files.length === 0 || info.files.some((file) => file.sha512 !== verified.file.sha512)) {
    return { ok: false, reason: 'the updater found a file whose sha512 differs from the signed feed' };
  }
  return { ok: true };
}

/** Re-hashes a downloaded file against the signed sha512 and size. */
export async function verifyDownloadedFile(verified: AvailableUpdate, path: string): Promise<GateVerdict> {
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
  if (size !== verified.file.size || hash.digest('base64') !== verified.file.sha512) {
    return { ok: false, reason: 'the downloaded update file does not match the sha512 in the signed feed' };
  }
  return { ok: true };
}

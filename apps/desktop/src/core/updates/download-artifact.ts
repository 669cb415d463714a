import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { describeNetworkError } from './network-error.ts';
import type { AvailableUpdate, DownloadProgress, DownloadResult } from './update-result.ts';

/**
 * Downloads the artifact a verified check offered to `destPath`, hashing as it goes. The bytes go
 * to `destPath + '.part'`, which becomes `destPath` only when size and sha512 equal what the
 * signed feed announced; otherwise the partial file is deleted and the update refused.
 */
export async function downloadAndVerifyArtifact(
  update: AvailableUpdate,
  destPath: string,
  onProgress?: (progress: DownloadProgress) => void,
  opts: { fetch?: typeof fetch } = {},
): Promise<DownloadResult> {
  const { url, sha512, size: total } = update.file;
  const doFetch = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url);
  } catch (err) {
    return { status: 'offline', reason: `could not download the update: ${describeNetworkError(err)}` };
  }
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel();
    return { status: 'offline', reason: `the update feed answered HTTP ${res.status} for the update file` };
  }

  const partPath = `${destPath}.part`;
  const hash = createHash('sha512');
  let transferred = 0;
  let outcome: DownloadResult | null = null;
  const out = await open(partPath, 'w');
  try {
    for await (const chunk of res.body) {
      transferred += chunk.length;
      if (transferred > total) {
        outcome = refused(`the update file is larger than the ${total} bytes the signed feed announced`);
        break;
      }
      hash.update(chunk);
      await out.write(chunk);
      onProgress?.({ transferred, total, percent: total === 0 ? 100 : (transferred / total) * 100 });
    }
    if (!outcome) await out.sync();
  } catch (err) {
    outcome = { status: 'offline', reason: `the update download was interrupted: ${describeNetworkError(err)}` };
  } finally {
    await out.close();
  }
  if (!outcome && transferred !== total) {
    outcome = refused(`the update file is ${transferred} bytes, but the signed feed announced ${total}`);
  }
  if (!outcome && hash.digest('base64') !== sha512) {
    outcome = refused('the update file does not match the sha512 in the signed feed (it was altered)');
  }
  if (outcome) {
    await rm(partPath, { force: true });
    return outcome;
  }
  await rename(partPath, destPath);
  return { status: 'verified', path: destPath, size: transferred };
}

const refused = (why: string): DownloadResult => ({ status: 'refused', reason: `${why}; the partial file was deleted and the update refused` });

import { appendFile, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { HISTORY_FILE } from './feed-names.ts';

/** One published release, one JSON line of the channel's `history.jsonl` (append-only). */
export const ReleaseRecord = z.strictObject({
  version: z.string(),
  updateInfoFile: z.string(),
  file: z.string(),
  sha512: z.string(),
  size: z.number().int().nonnegative(),
  releaseDate: z.string(),
  /** true when `--force` let a version through that was not greater than the current one. */
  forced: z.boolean(),
});
export type ReleaseRecord = z.infer<typeof ReleaseRecord>;

/** Every release of a channel, oldest first; an empty list when none was published yet. */
export async function readReleaseHistory(channelDir: string): Promise<ReleaseRecord[]> {
  let text: string;
  try {
    text = await readFile(join(channelDir, HISTORY_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return text
    .split('\n')
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim() !== '')
    .map(([line, n]) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`${HISTORY_FILE} line ${n} is not JSON; fix or restore the file before publishing`);
      }
      const parsed = ReleaseRecord.safeParse(value);
      if (!parsed.success) {
        throw new Error(`${HISTORY_FILE} line ${n} is not a release record; fix or restore the file before publishing`);
      }
      return parsed.data;
    });
}

/** The release now in effect for one update-info file (the last one published to it). */
export function currentRelease(history: ReleaseRecord[], updateInfoFile: string): ReleaseRecord | undefined {
  return history.findLast((r) => r.updateInfoFile === updateInfoFile);
}

/** Appends one record and flushes it to disk. */
export async function appendReleaseRecord(channelDir: string, record: ReleaseRecord): Promise<void> {
  const path = join(channelDir, HISTORY_FILE);
  await appendFile(path, `${JSON.stringify(ReleaseRecord.parse(record))}\n`, 'utf8');
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

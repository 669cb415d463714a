import semver from 'semver';
import { parse } from 'yaml';
import { z } from 'zod';

export type UpdatePlatform = 'linux' | 'win32' | 'darwin';

/** The update-info file electron-updater reads for a platform (x64/universal builds). */
export function updateInfoFileName(platform: UpdatePlatform): string {
  return { linux: 'latest-linux.yml', win32: 'latest.yml', darwin: 'latest-mac.yml' }[platform];
}

const Sha512Base64 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'sha512 must be 64 bytes in base64');

/** The fields of electron-builder's update info that the check relies on. Extra fields that
 * electron-builder may add (blockMapSize, …) are allowed and ignored. */
export const FeedUpdateInfo = z.object({
  version: z.string().refine((v) => semver.valid(v) === v, 'version is not a semantic version'),
  files: z
    .array(
      z.object({
        // A plain file name in the same folder as the yml: the feed never points elsewhere.
        url: z.string().regex(/^[A-Za-z0-9_+][A-Za-z0-9 ._+-]*$/, 'file url must be a plain file name'),
        sha512: Sha512Base64,
        size: z.number().int().nonnegative(),
      }),
    )
    .min(1, 'the feed names no file'),
  path: z.string().optional(),
  sha512: Sha512Base64.optional(),
  releaseNotes: z.string().optional(),
  releaseDate: z.string().refine((d) => !Number.isNaN(Date.parse(d)), 'releaseDate is not a date'),
});
export type FeedUpdateInfo = z.infer<typeof FeedUpdateInfo>;

/** Parses verified yml bytes; returns the info or a reason it is unusable. */
export function parseFeedUpdateInfo(yml: Buffer): { ok: true; info: FeedUpdateInfo } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = parse(yml.toString('utf8'), { schema: 'core' });
  } catch {
    return { ok: false, reason: 'the signed update info is not valid YAML' };
  }
  const result = FeedUpdateInfo.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, reason: `the signed update info is malformed (${issue?.path.join('.') || 'root'}: ${issue?.message})` };
  }
  return { ok: true, info: result.data };
}

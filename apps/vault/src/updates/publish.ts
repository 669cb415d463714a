import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import semver from 'semver';
import { z } from 'zod';
import { ArtifactFileName, ChannelName, KNOWN_ARTIFACT_SUFFIXES, signatureFileName, updateInfoFileFor } from './feed-names.ts';
import { hashFile } from './hash-file.ts';
import { encodeSignatureFile, readReleasePublicKey, signUpdateInfo, type ReleaseSigner } from './release-signature.ts';
import { appendReleaseRecord, currentRelease, readReleaseHistory, type ReleaseRecord } from './release-history.ts';
import { renderUpdateInfo } from './update-info.ts';

/** A semantic version written plainly (`1.2.3`, `1.3.0-beta.1`): no `v`, no build metadata. */
export const ReleaseVersion = z
  .string()
  .max(64, 'version is longer than 64 characters')
  .refine((v) => semver.valid(v) === v, 'version must be a semantic version such as 1.2.3 or 1.3.0-beta.1');

export const PublishOptions = z.strictObject({
  dataDir: z.string().min(1, 'data folder is missing'),
  channel: ChannelName,
  version: ReleaseVersion,
  file: z.string().min(1, 'artifact file is missing'),
  notes: z
    .string()
    .max(20_000, 'release notes are longer than 20000 characters')
    .regex(/^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]*$/u, 'release notes may not hold control characters (other than tab and line breaks)')
    .optional(),
  force: z.boolean().default(false),
});
export type PublishOptions = z.input<typeof PublishOptions>;

/** A publish that was refused for a reason the operator can fix; nothing was changed. */
export class PublishRefused extends Error {}

export interface PublishResult extends ReleaseRecord {
  channel: string;
  channelDir: string;
  /** The previous release of the same update-info file, if any. */
  previousVersion?: string;
}

/** The channel folder of the feed: `<dataDir>/updates/<channel>`. */
export const channelDirOf = (dataDir: string, channel: string): string => join(dataDir, 'updates', channel);

/**
 * Publishes one artifact: copies it into the channel folder, writes its `latest*.yml` exactly as
 * electron-builder would and the detached Ed25519 signature `<yml>.sig`, and appends the release
 * to `history.jsonl`. Refuses (changing nothing) a version not greater than the current one of
 * that yml unless `force`.
 */
export async function publishRelease(input: PublishOptions, signer: ReleaseSigner): Promise<PublishResult> {
  const parsed = PublishOptions.safeParse(input);
  if (!parsed.success) throw new PublishRefused(parsed.error.issues.map((i) => i.message).join('; '));
  const opts = parsed.data;

  const artifactName = basename(opts.file);
  const nameCheck = ArtifactFileName.safeParse(artifactName);
  if (!nameCheck.success) throw new PublishRefused(nameCheck.error.issues[0]?.message ?? 'bad artifact file name');
  const ymlName = updateInfoFileFor(artifactName);
  if (!ymlName) {
    throw new PublishRefused(`"${artifactName}" is not an update artifact (expected one of ${KNOWN_ARTIFACT_SUFFIXES.join(', ')})`);
  }
  const fileStat = await stat(opts.file).catch(() => null);
  if (!fileStat?.isFile()) throw new PublishRefused(`artifact file not found: ${opts.file}`);
  if (!(await stat(opts.dataDir).catch(() => null))?.isDirectory()) {
    throw new PublishRefused(`data folder not found: ${opts.dataDir}`);
  }
  const publicKey = await readReleasePublicKey(opts.dataDir).catch((err: Error) => {
    throw new PublishRefused(err.message);
  });

  const channelDir = channelDirOf(opts.dataDir, opts.channel);
  const createdDir = await mkdir(channelDir, { recursive: true });
  const release = await lockChannel(channelDir);
  let published = false;
  try {
    const history = await readReleaseHistory(channelDir);
    const previous = currentRelease(history, ymlName);
    const forced = previous !== undefined && !semver.gt(opts.version, previous.version);
    if (forced && !opts.force) {
      throw new PublishRefused(
        `version ${opts.version} is not greater than ${previous.version}, the current release of ${ymlName} on channel "${opts.channel}" (use --force to publish it anyway)`,
      );
    }

    const { sha512, size } = await hashFile(opts.file);
    const target = join(channelDir, artifactName);
    const existing = await stat(target).catch(() => null);
    const sameBytes = existing !== null && (await hashFile(target)).sha512 === sha512;
    if (existing && !sameBytes && !opts.force) {
      throw new PublishRefused(
        `the feed already holds a different "${artifactName}" (use --force to replace it)`,
      );
    }

    const releaseDate = new Date().toISOString();
    const yml = Buffer.from(
      renderUpdateInfo({
        version: opts.version,
        files: [{ url: artifactName, sha512, size }],
        path: artifactName,
        sha512,
        ...(opts.notes !== undefined ? { releaseNotes: opts.notes } : {}),
        releaseDate,
      }),
      'utf8',
    );
    const signature = signUpdateInfo(yml, signer, publicKey);

    // Artifact first, then the yml, then its signature: a client never sees a yml naming an
    // artifact that is not there yet. Between the last two renames a client may fetch a new yml
    // with the old signature and refuse it; it succeeds on its next check.
    if (!sameBytes) await placeAtomically(target, (tmp) => copyFile(opts.file, tmp));
    await placeAtomically(join(channelDir, ymlName), (tmp) => writeFile(tmp, yml));
    await placeAtomically(join(channelDir, signatureFileName(ymlName)), (tmp) =>
      writeFile(tmp, encodeSignatureFile(signature), 'utf8'),
    );
    const record: ReleaseRecord = { version: opts.version, updateInfoFile: ymlName, file: artifactName, sha512, size, releaseDate, forced };
    await appendReleaseRecord(channelDir, record);
    published = true;
    return { ...record, channel: opts.channel, channelDir, ...(previous ? { previousVersion: previous.version } : {}) };
  } finally {
    await release();
    // A refused first publish leaves no empty channel behind.
    if (!published && createdDir) await rm(createdDir, { recursive: true, force: true });
  }
}

/** One publish per channel at a time (a lock folder; hidden from the feed by its leading dot). */
async function lockChannel(channelDir: string): Promise<() => Promise<void>> {
  const lock = join(channelDir, '.publish.lock');
  try {
    await mkdir(lock);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new PublishRefused(`another publish is running on this channel (if none is, remove ${lock})`);
    }
    throw err;
  }
  return () => rm(lock, { recursive: true, force: true });
}

/** Writes through a hidden temporary file, fsyncs it, then renames it over `path`. */
async function placeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = join(path, '..', `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await write(tmp);
    const handle = await open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

import { z } from 'zod';

/** A channel is one folder of the feed: letters, digits, `-` and `_` only (so it is always a
 * safe single path segment). */
export const ChannelName = z
  .string()
  .min(1, 'channel name is empty')
  .max(64, 'channel name is longer than 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'channel name may hold only letters, digits, "-" and "_"');

/** An artifact's name inside the feed (its basename). The yml names it by this string, so it
 * must be one safe path segment: no separators, no leading dot, no control characters. */
export const ArtifactFileName = z
  .string()
  .min(1)
  .max(200, 'artifact file name is longer than 200 characters')
  .regex(
    /^[A-Za-z0-9_+][A-Za-z0-9 ._+-]*$/,
    'artifact file name may hold only letters, digits, spaces, ".", "_", "+" and "-", and may not start with "." or "-"',
  );

/** The three update-info files electron-updater's generic provider reads (x64 / universal). */
export type UpdateInfoFileName = 'latest-linux.yml' | 'latest.yml' | 'latest-mac.yml';

/** Artifact suffixes (lower case) and the update-info file each belongs to, as electron-builder
 * names them: no suffix for Windows "for historical reasons", `-linux`, `-mac`. */
const ARTIFACT_KINDS: ReadonlyArray<readonly [suffix: string, yml: UpdateInfoFileName]> = [
  ['.appimage', 'latest-linux.yml'],
  ['.deb', 'latest-linux.yml'],
  ['.rpm', 'latest-linux.yml'],
  ['.snap', 'latest-linux.yml'],
  ['.pacman', 'latest-linux.yml'],
  ['.tar.gz', 'latest-linux.yml'],
  ['.tar.xz', 'latest-linux.yml'],
  ['.exe', 'latest.yml'],
  ['.msi', 'latest.yml'],
  ['.dmg', 'latest-mac.yml'],
  ['.zip', 'latest-mac.yml'],
];

/** The update-info file for an artifact, or null when its type is not one we publish. */
export function updateInfoFileFor(artifactName: string): UpdateInfoFileName | null {
  const lower = artifactName.toLowerCase();
  return ARTIFACT_KINDS.find(([suffix]) => lower.endsWith(suffix))?.[1] ?? null;
}

export const KNOWN_ARTIFACT_SUFFIXES = ARTIFACT_KINDS.map(([suffix]) => suffix);

/** Detached signature of an update-info file: `<yml>.sig`. */
export const signatureFileName = (yml: string): string => `${yml}.sig`;

/** The channel's append-only release history (one JSON object per line). */
export const HISTORY_FILE = 'history.jsonl';

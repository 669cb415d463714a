/** The desktop profile folder's files (apps/desktop/src/core/profile/paths.ts), for tampering in tests. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function mirrorPath(profileDir: string, username: string): string {
  return join(profileDir, 'accounts', username.toLowerCase(), 'mirror.json');
}

/** Rewrites the mirror file with a change, keeping it well-formed (so only its values are wrong). */
export function alterMirror(profileDir: string, username: string, change: (mirror: { registers: { ar: number; dr: number } }) => void): void {
  const path = mirrorPath(profileDir, username);
  const mirror = JSON.parse(readFileSync(path, 'utf8')) as { registers: { ar: number; dr: number } };
  change(mirror);
  writeFileSync(path, JSON.stringify(mirror, null, 2));
}

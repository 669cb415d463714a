/**
 * The profile folder:
 *   accounts/<username, lower case>/hmk.json      HMK sealed under scrypt(passphrase)
 *   accounts/<username>/account.json              meter id, device id, licensing ZIP, certificate
 *   accounts/<username>/mirror.json               mirror registers + write-ahead pending entry
 *   accounts/<username>/history.json              local print history
 *   accounts/<username>/print-job.json            the print job of a piece being issued (print write-ahead)
 *   printers.json                                 printer setup results (offsets per printer)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, type Log } from '../log.ts';

export function accountDir(profileDir: string, username: string): string {
  return join(profileDir, 'accounts', username.toLowerCase());
}

export function knownUsernames(profileDir: string, log: Log): string[] {
  try {
    return readdirSync(join(profileDir, 'accounts'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('accounts-unreadable', describeError(err));
    return [];
  }
}

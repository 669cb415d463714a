/**
 * Several people of one meter on this computer (issue 15). The meter's files (account, mirror,
 * history, …) live once, in the folder of the person who first set the meter up here; every other
 * person has their own folder with their own sealed HMK (hmk.json, under their passphrase) and
 * `meter.json` naming the meter's folder. So the mirror registers are one, whoever prints.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { readJson, writeJsonAtomic } from './json-file.ts';
import { accountDir } from './paths.ts';

const linkSchema = z.strictObject({ meterFolder: z.string().regex(/^[a-z0-9._-]+$/) });

function linkPath(profileDir: string, username: string): string {
  return join(accountDir(profileDir, username), 'meter.json');
}

/** The folder holding the meter's files for this person. */
export function meterDir(profileDir: string, username: string): string {
  const link = readJson(linkPath(profileDir, username), linkSchema);
  return link ? accountDir(profileDir, link.meterFolder) : accountDir(profileDir, username);
}

/** Points `username` at the meter whose files are in `meterFolderPath` (never at itself). */
export function linkPerson(profileDir: string, username: string, meterFolderPath: string): void {
  const meterFolder = basename(meterFolderPath);
  if (meterFolder === username.toLowerCase()) return;
  writeJsonAtomic(linkPath(profileDir, username), { meterFolder });
}

/** Whether `username`'s folder is only a link (removing that person removes no meter files). */
export function isLinkedPerson(profileDir: string, username: string): boolean {
  return existsSync(linkPath(profileDir, username));
}

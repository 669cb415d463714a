/**
 * Encrypted snapshots (`vault backup`): SQLite's online backup copies the PSD database (and the
 * client-support database) page by page while the vault keeps running; the copies are then
 * sealed into one file (container.ts layout, AES-256-GCM under the snapshot key, streamed).
 */
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { cipherFor, decipherFor, headerBytes, newIv, parseHeader, SealedFileError, TAG_BYTES } from './container.ts';
import type { FileKeys } from '../keystore/backend.ts';
import { maxLogId } from './rows.ts';

export const SNAPSHOT_MAGIC = 'VBISNP01';
const CHUNK = 1 << 20;
/** The files a snapshot holds, relative to the data folder. The first is the PSD database. */
export const SNAPSHOT_FILES = ['vault.sqlite', 'support.sqlite'] as const;

const headerSchema = z.strictObject({
  v: z.literal(1),
  createdAt: z.string(),
  lastLogId: z.number().int().min(0),
  parts: z.array(z.strictObject({ name: z.enum(SNAPSHOT_FILES), size: z.number().int().min(0) })).min(1),
  iv: z.string(),
  /** The file's data key, sealed by the token's snapshot key (PKCS#11 vaults only). */
  key: z.string().optional(),
});
export type SnapshotHeader = z.infer<typeof headerSchema>;

export type Progress = (done: number, total: number, label: string) => void;

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `out` from the live databases in `dataDir`. Returns the header (what the snapshot holds). */
export async function writeSnapshot(dataDir: string, out: string, keys: FileKeys, progress: Progress = () => {}): Promise<SnapshotHeader> {
  const work = mkdtempSync(join(dirname(out), '.vbi-snapshot-'));
  try {
    const parts: SnapshotHeader['parts'] = [];
    let lastLogId = 0;
    for (const name of SNAPSHOT_FILES) {
      const source = join(dataDir, name);
      if (!existsSync(source)) {
        if (name === 'vault.sqlite') throw new Error(`${dataDir} holds no PSD database`);
        continue;
      }
      const db = new Database(source, { readonly: true, fileMustExist: true });
      try {
        await db.backup(join(work, name), {
          progress: ({ totalPages, remainingPages }) => {
            progress(totalPages - remainingPages, totalPages, `copying ${name}`);
            return 256;
          },
        });
      } finally {
        db.close();
      }
      if (name === 'vault.sqlite') {
        const copy = new Database(join(work, name));
        lastLogId = maxLogId(copy);
        copy.close();
      }
      parts.push({ name, size: statSync(join(work, name)).size });
    }
    const { key, wrapped } = keys.newFileKey();
    const header: SnapshotHeader = {
      v: 1, createdAt: new Date().toISOString(), lastLogId, parts, iv: newIv(), ...(wrapped === null ? {} : { key: wrapped }),
    };
    const prefix = headerBytes(SNAPSHOT_MAGIC, header);
    const cipher = cipherFor(key, header.iv, prefix);
    key.fill(0);
    const tmp = `${out}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, prefix);
      const total = parts.reduce((n, p) => n + p.size, 0);
      let done = 0;
      const buf = Buffer.alloc(CHUNK);
      for (const part of parts) {
        const src = openSync(join(work, part.name), 'r');
        try {
          for (let n; (n = readSync(src, buf, 0, CHUNK, null)) > 0;) {
            writeSync(fd, cipher.update(buf.subarray(0, n)));
            progress((done += n), total, 'sealing');
          }
        } finally {
          closeSync(src);
        }
      }
      writeSync(fd, cipher.final());
      writeSync(fd, cipher.getAuthTag());
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, out);
    return header;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Opens a snapshot into `destDir` (files named as in the header). Nothing is left in `destDir`
 * unless the whole file authenticates.
 */
export function restoreSnapshot(file: string, keys: FileKeys, destDir: string, progress: Progress = () => {}): SnapshotHeader {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const head = Buffer.alloc(Math.min(size, 70 * 1024));
    readSync(fd, head, 0, head.length, 0);
    const { header: raw, prefix } = parseHeader(SNAPSHOT_MAGIC, head);
    const parsed = headerSchema.safeParse(raw);
    if (!parsed.success) throw new SealedFileError('snapshot header is invalid');
    const header = parsed.data;
    const total = header.parts.reduce((n, p) => n + p.size, 0);
    if (size !== prefix.length + total + TAG_BYTES) throw new SealedFileError('snapshot is truncated or has extra bytes');
    const tag = Buffer.alloc(TAG_BYTES);
    readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
    const key = keys.fileKey(header.key ?? null);
    const decipher = decipherFor(key, header.iv, prefix, tag);
    key.fill(0);
    const temps = header.parts.map((p) => join(destDir, `${p.name}.restoring`));
    let pos = prefix.length;
    let done = 0;
    const buf = Buffer.alloc(CHUNK);
    try {
      header.parts.forEach((part, i) => {
        const out = openSync(temps[i] as string, 'w', 0o600);
        try {
          for (let left = part.size; left > 0;) {
            const n = readSync(fd, buf, 0, Math.min(CHUNK, left), pos);
            if (n <= 0) throw new SealedFileError('snapshot is truncated');
            pos += n;
            left -= n;
            writeSync(out, decipher.update(buf.subarray(0, n)));
            progress((done += n), total, 'opening snapshot');
          }
        } finally {
          closeSync(out);
        }
      });
      try {
        decipher.final();
      } catch {
        throw new SealedFileError('snapshot seal does not verify (wrong key or altered file)');
      }
    } catch (err) {
      for (const t of temps) rmSync(t, { force: true });
      throw err;
    }
    header.parts.forEach((part, i) => {
      fsyncFile(temps[i] as string);
      renameSync(temps[i] as string, join(destDir, part.name));
    });
    return header;
  } finally {
    closeSync(fd);
  }
}

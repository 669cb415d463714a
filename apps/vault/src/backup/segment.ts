/**
 * Off-loaded log segments in `<data>/backup/log/`: `seg-00000001.vbilog`, … Each is a sealed file
 * (container.ts, AES-256-GCM under the segment key) whose header names its sequence number, the
 * SHA-256 of the previous segment file (genesis: 32 zero bytes) and the range of log ids it holds,
 * so segments form a hash chain of their own on top of the entries' chain.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { GENESIS_HASH } from '../ledger/chain.ts';
import type { FileKeys } from '../keystore/backend.ts';
import { newIv, openBytes, sealBytes } from './container.ts';
import { segmentBodySchema, type SegmentBody } from './rows.ts';

export const SEGMENT_MAGIC = 'VBILOG01';
export const LOG_SUBDIR = join('backup', 'log');
const NAME = /^seg-(\d{8})\.vbilog$/;

export const segmentHeaderSchema = z.strictObject({
  v: z.literal(1),
  seq: z.number().int().min(1),
  prevHash: z.string(),
  fromId: z.number().int().min(1),
  toId: z.number().int().min(1),
  count: z.number().int().min(1),
  createdAt: z.string(),
  iv: z.string(),
  /** The file's data key, sealed by the token's segment key (PKCS#11 vaults only). */
  key: z.string().optional(),
});
export type SegmentHeader = z.infer<typeof segmentHeaderSchema>;

export const GENESIS_SEGMENT_HASH = GENESIS_HASH;

export function segmentName(seq: number): string {
  return `seg-${String(seq).padStart(8, '0')}.vbilog`;
}

export function fileHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** Segment files in the folder, in sequence order (names only; content is checked on reading). */
export function listSegments(dir: string): Array<{ seq: number; file: string }> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ m: NAME.exec(name), name }))
    .filter((x): x is { m: RegExpExecArray; name: string } => x.m !== null)
    .map((x) => ({ seq: Number(x.m[1]), file: join(dir, x.name) }))
    .sort((a, b) => a.seq - b.seq);
}

export interface OpenedSegment {
  header: SegmentHeader;
  body: SegmentBody;
  hash: string;
}

/** Opens and parses one segment file; throws (SealedFileError or a schema error) when it is not genuine. */
export function readSegment(file: string, keys: FileKeys): OpenedSegment {
  const bytes = readFileSync(file);
  const { header, plain } = openBytes(SEGMENT_MAGIC, bytes, (h) => {
    const parsed = segmentHeaderSchema.parse(h);
    return { iv: parsed.iv, key: keys.fileKey(parsed.key ?? null) };
  });
  const parsedHeader = segmentHeaderSchema.parse(header);
  const body = segmentBodySchema.parse(JSON.parse(plain.toString('utf8')));
  return { header: parsedHeader, body, hash: fileHash(bytes) };
}

/** Writes a segment atomically (temporary file, fsync, rename, fsync of the folder). Returns its hash. */
export function writeSegment(dir: string, seq: number, prevHash: string, body: SegmentBody, keys: FileKeys): string {
  const first = body.entries[0];
  const last = body.entries[body.entries.length - 1];
  if (first === undefined || last === undefined) throw new Error('a segment needs at least one entry');
  const { key, wrapped } = keys.newFileKey();
  const header: SegmentHeader = {
    v: 1, seq, prevHash, fromId: first.id, toId: last.id, count: body.entries.length, createdAt: new Date().toISOString(), iv: newIv(),
    ...(wrapped === null ? {} : { key: wrapped }),
  };
  const bytes = sealBytes(SEGMENT_MAGIC, header, Buffer.from(JSON.stringify(body), 'utf8'), key);
  key.fill(0);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, segmentName(seq));
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return fileHash(bytes);
}

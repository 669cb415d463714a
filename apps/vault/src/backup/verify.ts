/**
 * Chain verification: the off-loaded segments (seal, sequence, segment hash links, consecutive
 * ids, every entry's hash, MAC, per-module link and per-meter registers) and the database's own `tx_log`.
 * Stops at the first break and says where it is.
 */
import type { BackupKeys } from './keys.ts';
import { checkEntry, emptyChain, type ChainLinks } from './log-entry.ts';
import type { LogSource } from './log-source.ts';
import { GENESIS_SEGMENT_HASH, listSegments, readSegment, type OpenedSegment } from './segment.ts';

export interface ChainBreak {
  /** Where: a segment file name, or "database". */
  where: string;
  reason: string;
}

export interface ChainReport {
  segments: number;
  entries: number;
  /** Id of the last verified entry (0: none). */
  lastId: number;
  chain: ChainLinks;
  firstBreak: ChainBreak | null;
}

const name = (file: string) => file.slice(file.lastIndexOf('/') + 1);

/**
 * Verifies every segment in `dir`. When `db` is given, each entry must also equal the database's
 * row with the same id (the database may be ahead of the off-load, never different).
 * `onSegment` sees each segment after it verified.
 */
export async function verifySegments(
  dir: string,
  keys: BackupKeys,
  opts: { db?: LogSource; onSegment?: (s: OpenedSegment) => void } = {},
): Promise<ChainReport> {
  const report: ChainReport = { segments: 0, entries: 0, lastId: 0, chain: emptyChain(), firstBreak: null };
  let prevHash = GENESIS_SEGMENT_HASH;
  for (const { seq, file } of listSegments(dir)) {
    const fail = (reason: string): ChainReport => ({ ...report, firstBreak: { where: name(file), reason } });
    let seg: OpenedSegment;
    try {
      seg = readSegment(file, keys.segment);
    } catch (err) {
      return fail(`segment refused: ${(err as Error).message.split('\n')[0]}`);
    }
    const h = seg.header;
    if (seq !== report.segments + 1 || h.seq !== seq) return fail(`segment ${h.seq} found where ${report.segments + 1} belongs`);
    if (h.prevHash !== prevHash) return fail('does not link to the previous segment (hash mismatch)');
    const first = seg.body.entries[0];
    const last = seg.body.entries[seg.body.entries.length - 1];
    if (h.count !== seg.body.entries.length || first?.id !== h.fromId || last?.id !== h.toId) return fail('header does not match its entries');
    // The database's entries of the segment's range, read at once (the database may hold fewer).
    const stored = new Map((opts.db === undefined ? [] : await opts.db.entries(h.fromId - 1, h.count)).map((r) => [r.id, r.hash]));
    for (const e of seg.body.entries) {
      const broken = checkEntry(e, keys, report.chain, report.lastId);
      if (broken !== null) return fail(broken);
      const row = stored.get(e.id);
      if (row !== undefined && row !== e.hash) return fail(`entry ${e.id} differs from the database's entry ${e.id}`);
      report.lastId = e.id;
      report.entries++;
    }
    if (!seg.body.entries.every((e) => seg.body.meters.some((m) => m.id === e.meterId))) return fail('a meter row is missing');
    opts.onSegment?.(seg);
    prevHash = seg.hash;
    report.segments++;
  }
  return report;
}

/** Verifies the database's `tx_log` from its first entry. */
export async function verifyDatabaseLog(db: LogSource, keys: BackupKeys): Promise<ChainReport> {
  const report: ChainReport = { segments: 0, entries: 0, lastId: 0, chain: emptyChain(), firstBreak: null };
  for (;;) {
    const page = await db.entries(report.lastId, 5000);
    if (page.length === 0) return report;
    for (const e of page) {
      const broken = checkEntry(e, keys, report.chain, report.lastId);
      if (broken !== null) return { ...report, firstBreak: { where: 'database', reason: broken } };
      report.lastId = e.id;
      report.entries++;
    }
  }
}

/**
 * The module's checks of the rows the vault reads for it from the (untrusted) database, beside
 * the sealed package: the meter's newest log entry (a package older than it is refused), piece
 * rows (their seal) and credit entries (their chain). Each refusal is audited.
 */
import { ProtocolError, type ErrorCode } from '@vbi/protocol';
import type { MacKey } from '../keystore/backend.ts';
import { logEntryAuthentic } from '../ledger/chain.ts';
import { checkCreditEntry, type CreditEntry } from '../ledger/credits.ts';
import { pieceSealVerifies } from '../ledger/piece-seal.ts';
import type { StoredLogEntry } from '../storage/storage.ts';
import type { PieceOnFile } from './messages.ts';
import type { PsdPackage } from './psd-package.ts';

/** A refusal because a record failed a check: answered with `code`, written to the audit log as `event`. */
export class RecordRefused extends ProtocolError {
  constructor(code: ErrorCode, message: string, readonly event: string, readonly detail?: Record<string, unknown>) {
    super(code, message);
  }
}

const NOT_OPERATIONAL = 'this meter cannot operate: its record failed an integrity check';

/**
 * The package must carry the registers of the meter's newest log entry, which must be authentic:
 * an older copy of the meter's own package (authentic, same meter) has other registers, because
 * every value transaction moves them (AR + DR grows, or AR does) and logs them.
 */
export function checkNotRolledBack(logKey: MacKey, p: PsdPackage, newest: StoredLogEntry | null): void {
  if (newest === null) {
    if (p.ar === 0 && p.dr === 0 && p.totalDownloaded === 0 && p.totalRefunded === 0) return;
    throw new RecordRefused('METER_NOT_OPERATIONAL', NOT_OPERATIONAL, 'package-rollback', { reason: 'the package holds value but the meter has no log entry' });
  }
  if (newest.meterId !== p.meterId || !logEntryAuthentic(logKey, newest)) {
    throw new RecordRefused('METER_NOT_OPERATIONAL', NOT_OPERATIONAL, 'log-entry-refused', { logId: newest.id });
  }
  if (newest.ar !== p.ar || newest.dr !== p.dr) {
    throw new RecordRefused('METER_NOT_OPERATIONAL', NOT_OPERATIONAL, 'package-rollback', {
      logId: newest.id, package: { ar: p.ar, dr: p.dr }, log: { ar: newest.ar, dr: newest.dr },
    });
  }
}

/** The piece row, once its seal proves this meter's module printed it as it reads. */
export function verifiedPiece(pieceKey: MacKey, meterId: string, pieceNumber: number, row: PieceOnFile | null): PieceOnFile {
  if (row === null || row.pieceNumber !== pieceNumber) throw new ProtocolError('NOT_FOUND', 'this meter has no such piece');
  const genuine = pieceSealVerifies(pieceKey, {
    meterId, pieceNumber, postage: row.postage, mailDate: row.mailDate, createdAt: row.createdAt, indicium: Buffer.from(row.indicium, 'base64url'),
  }, row.seal);
  if (!genuine) throw new RecordRefused('NOT_FOUND', 'this meter has no such piece', 'piece-refused', { pieceNumber, sealed: row.seal !== null });
  return row;
}

/** Where the package's credit count goes with the entries the vault found, and the first one refused (if any). */
export interface CreditCount {
  head: PsdPackage['credits'];
  refused: { seq: number; reason: string } | null;
}

/**
 * Counts the account's credit entries after the package's head, in chain order, up to the first
 * that does not verify (a forged, edited, moved or foreign entry, or one missing before it).
 * Entries the package has counted already are skipped: the vault's hint may lag behind it.
 */
export function countCredits(ledgerKey: MacKey, p: PsdPackage, entries: readonly CreditEntry[]): CreditCount {
  let head = p.credits;
  if (p.account === null) return { head, refused: entries.length > 0 ? { seq: 0, reason: 'the meter is bound to no account' } : null };
  for (const e of entries) {
    if (e.seq <= p.credits.seq && e.account === p.account) continue;
    const broken = checkCreditEntry(ledgerKey, p.account, head, e);
    if (broken !== null) return { head, refused: { seq: e.seq, reason: broken } };
    head = { seq: e.seq, hash: e.hash, total: head.total + e.amount };
  }
  return { head, refused: null };
}

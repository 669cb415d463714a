/** A stored piece as a module command carries it: the module checks its seal before trusting any of it. */
import type { PieceOnFile } from '../../bank/messages.ts';
import type { PieceRow } from '../../storage/storage.ts';

export function pieceOnFile(row: PieceRow | undefined): PieceOnFile | null {
  if (row === undefined) return null;
  return {
    pieceNumber: row.pieceNumber, postage: row.postage, mailDate: row.mailDate, createdAt: row.createdAt,
    indicium: row.indicium.toString('base64url'), refunded: row.refunded, seal: row.seal,
  };
}

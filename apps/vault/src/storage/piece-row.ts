/** A `pieces` row as either database returns it (SQLite stores `refunded` as 0/1, PostgreSQL as a boolean). */
import type { PieceRow } from './storage.ts';

export interface PieceDbRow {
  meter_id: string;
  piece_number: number;
  postage: number;
  indicium: Buffer;
  mail_date: string;
  created_at: string;
  refunded: number | boolean;
}

export function toPiece(row: PieceDbRow | undefined): PieceRow | undefined {
  if (row === undefined) return undefined;
  return {
    meterId: row.meter_id,
    pieceNumber: row.piece_number,
    postage: row.postage,
    indicium: row.indicium,
    mailDate: row.mail_date,
    createdAt: row.created_at,
    refunded: row.refunded === 1 || row.refunded === true,
  };
}

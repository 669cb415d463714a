/**
 * The seal of a piece row: HMAC-SHA256 (piece-seal key) over the piece's meter, number, postage,
 * mailing date, time of printing and the SHA-256 of its indicium, made by the module that printed
 * it. A refund or a re-print reads these from the row only after the seal verifies, so an edited
 * postage or date, a row moved to another meter or number, or an invented row is refused.
 * Whether a piece was refunded is not in the row's seal: the meter's package remembers it.
 */
import { createHash } from 'node:crypto';
import type { MacKey } from '../keystore/backend.ts';
import { hmacText, sameMacText } from './mac-text.ts';

export interface SealedPieceFields {
  meterId: string;
  pieceNumber: number;
  postage: number;
  mailDate: string;
  createdAt: string;
  indicium: Uint8Array;
}

/** "vbi1:piece:" + JCS(fields): keys in JCS order, integers and strings only (see logEntryHash). */
export function sealInput(p: SealedPieceFields): string {
  const indicium = createHash('sha256').update(p.indicium).digest('base64url');
  return `vbi1:piece:${JSON.stringify({
    createdAt: p.createdAt, indicium, mailDate: p.mailDate, meterId: p.meterId, pieceNumber: p.pieceNumber, postage: p.postage,
  })}`;
}

export function pieceSeal(key: MacKey, p: SealedPieceFields): string {
  return hmacText(key, sealInput(p));
}

export function pieceSealVerifies(key: MacKey, p: SealedPieceFields, seal: string | null): boolean {
  return seal !== null && sameMacText(pieceSeal(key, p), seal);
}

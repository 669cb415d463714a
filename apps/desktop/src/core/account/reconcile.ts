/**
 * Mirror reconciliation at login. The vault's registers either equal our mirror (nothing was
 * in flight), or — when a value transaction was in flight — equal the mirror before it (the
 * vault never committed it) or our expected result (it committed and only the answer was
 * lost). Anything else is a mismatch that stops value operations — until the vault's operator
 * confirms the vault's state (docs/protocol.md "Extensions"): a login answer carrying that
 * confirmation, for exactly the registers and pieces it reports, is adopted.
 */
import type { MirrorFile, PendingTx } from '../profile/account-store.ts';
import { sameRegisters, type Registers } from '../vault/client.ts';

export interface VaultView {
  registers: Registers;
  pieces: number;
  lastPiece: { pieceNumber: number; postage: number; at: string } | null;
  resolution?: { at: string; ar: number; dr: number; pieces: number } | undefined;
}

export type Reconciled =
  | { kind: 'in-step' }
  | { kind: 'not-applied'; pending: PendingTx }
  | { kind: 'applied'; pending: PendingTx; fetchPiece: number | null }
  | { kind: 'mismatch'; message: string }
  | { kind: 'adopted'; confirmedAt: string };

const MISMATCH =
  "The vault's registers do not match this computer's record and the difference cannot be explained. Value operations are stopped; contact support with your username.";

export function reconcile(mirror: MirrorFile, vault: VaultView): Reconciled {
  const found = reconcileMirror(mirror, vault);
  if (found.kind !== 'mismatch') return found;
  const r = vault.resolution;
  const confirmed = r !== undefined && sameRegisters(r, vault.registers) && r.pieces === vault.pieces;
  return confirmed ? { kind: 'adopted', confirmedAt: r.at } : found;
}

function reconcileMirror(mirror: MirrorFile, vault: VaultView): Reconciled {
  const pending = mirror.pending;
  if (!pending) {
    return sameRegisters(mirror.registers, vault.registers) && mirror.pieces === vault.pieces
      ? { kind: 'in-step' }
      : { kind: 'mismatch', message: MISMATCH };
  }
  if (sameRegisters(pending.before, vault.registers) && mirror.pieces === vault.pieces) {
    return { kind: 'not-applied', pending };
  }
  if (!sameRegisters(pending.expected, vault.registers)) return { kind: 'mismatch', message: MISMATCH };
  if (pending.op !== 'indicium') {
    return mirror.pieces === vault.pieces ? { kind: 'applied', pending, fetchPiece: null } : { kind: 'mismatch', message: MISMATCH };
  }
  const last = vault.lastPiece;
  const explained =
    vault.pieces === mirror.pieces + 1 &&
    last !== null &&
    last.pieceNumber === pending.pieceNumber &&
    last.postage === pending.postage;
  return explained ? { kind: 'applied', pending, fetchPiece: last.pieceNumber } : { kind: 'mismatch', message: MISMATCH };
}

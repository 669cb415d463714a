/** Messages between the main thread and a module worker. Packages cross only sealed. */
import type { ErrorCode, RequestBody } from '@vbi/protocol';
import type { AuditEntry, MeterState, ModuleLogEntry, StoredCheckpoint } from '../storage/storage.ts';
import type { KeyMaterial } from '../keystore/keystore.ts';
import type { TxSummary } from './module-memory.ts';

export interface ModuleSettings {
  dataDir: string;
  serial: number;
  /** false for a minting-only module (CLI `mint`): no memory, no batches. */
  withMemory: boolean;
  refundWindowDays: number;
  keyCacheSize: number;
  /** Test-only fault injection (VBI_FAULT), inert unless set. */
  fault: string | undefined;
}

export interface LastPieceInfo {
  pieceNumber: number;
  postage: number;
  at: string;
}

interface Base {
  meterId: string;
  sealedPackage: Uint8Array;
}
type Maced<Op extends string, B> = Base & { op: Op; body: B; mac: string };

export type ModuleCommand =
  | (Base & { op: 'register'; username: string; licenseZip: string; sealed: string; certificatePem: string })
  | (Base & { op: 'login'; clientNonce: string; sealed: string; lastPiece: LastPieceInfo | null })
  | (Maced<'purchase', RequestBody<'purchase'>> & { funds: number })
  | Maced<'indicium', RequestBody<'indicium'>>
  | (Maced<'piece', RequestBody<'piece'>> & { stored: string | null })
  | (Maced<'refund', RequestBody<'refund'>> & { piece: { postage: number; refunded: boolean; createdAt: string } | null })
  | Maced<'audit', RequestBody<'audit'>>
  | Maced<'printerResult', RequestBody<'printerResult'>>
  | Maced<'logout', RequestBody<'logout'>>;

/** A command as the server asks for it; the bank adds the meter's sealed package when it dispatches. */
export type ModuleRequest = ModuleCommand extends infer C ? (C extends unknown ? Omit<C, 'sealedPackage'> : never) : never;

/** What a command changed, for the main thread to commit. */
export interface CommandEffects {
  piece?: { pieceNumber: number; postage: number; indicium: Uint8Array; mailDate: string; createdAt: string };
  refundPiece?: number;
  debit?: number;
  newAccount?: { username: string };
  inspectionAt?: string;
  audits: Array<Omit<AuditEntry, 'moduleSerial'>>;
}

export type CommandResult =
  /** `bodyJson` is the JCS text of the answer body, which `mac` covers: the server sends it as is. */
  | { ok: true; bodyJson: string; mac: string; pkg: Uint8Array; state: MeterState; effects: CommandEffects }
  | {
      ok: false;
      code: ErrorCode;
      message: string;
      /** A refused login still changes the package (failed-login count). */
      pkg?: Uint8Array;
      state?: MeterState;
      effects?: CommandEffects;
    };

export interface BatchResult {
  results: CommandResult[];
  /** Null when nothing changed (no record made, nothing to commit but audits). */
  checkpoint: StoredCheckpoint | null;
  lastTx: { at: string; value: number } | null;
  log: ModuleLogEntry[];
  audits: AuditEntry[];
  /** Set when the module refused the batch (CHECKPOINT_MISMATCH): it is now inhibited. */
  inhibited: boolean;
}

export interface CheckOutcome {
  status: 'ok' | 'recovered' | 'mismatch';
  /** Audit records for the transactions of discarded batches. */
  audits: AuditEntry[];
  newest: { at: string; value: number } | null;
}

export interface MintRequest {
  meterId: string;
  psdSerial: number;
  certSerial: number;
}
export interface MintResult {
  meterId: string;
  certificatePem: string;
  sealedPackage: Uint8Array;
}

export type ToModule =
  | { type: 'init'; settings: ModuleSettings; keys: KeyMaterial }
  | { type: 'check'; id: number; db: StoredCheckpoint | null }
  | { type: 'batch'; id: number; db: StoredCheckpoint | null; commands: ModuleCommand[] }
  | { type: 'hello'; id: number; clientNonce: string }
  | { type: 'mint'; id: number; request: MintRequest };

export type FromModule =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'check'; id: number; outcome: CheckOutcome }
  | { type: 'batch'; id: number; result: BatchResult }
  | { type: 'hello'; id: number; signature: string }
  | { type: 'mint'; id: number; result: MintResult }
  | { type: 'error'; id: number; message: string };

export type { TxSummary };

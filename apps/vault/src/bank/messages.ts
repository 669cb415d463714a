/** Messages between the main thread and a module worker. Packages cross only sealed. */
import type { MessagePort } from 'node:worker_threads';
import type { ErrorCode, RequestBody, Role } from '@vbi/protocol';
import type { CreditEntry } from '../ledger/credits.ts';
import type { AuditEntry, MeterState, StoredCheckpoint, StoredLogEntry } from '../storage/storage.ts';
import type { ModuleKeys } from '../keystore/backend.ts';
import type { ModuleLogEntry } from '../ledger/chain.ts';
import type { TxSummary } from './module-memory.ts';

export interface ModuleSettings {
  dataDir: string;
  serial: number;
  /** false for a minting-only module (CLI `mint`): no memory, no batches. */
  withMemory: boolean;
  refundWindowDays: number;
  keyCacheSize: number;
}

/** A piece row as the vault read it: the module trusts none of it before its seal verifies. */
export interface PieceOnFile {
  pieceNumber: number;
  postage: number;
  mailDate: string;
  createdAt: string;
  /** base64url */
  indicium: string;
  refunded: boolean;
  seal: string | null;
}

interface Base {
  meterId: string;
  sealedPackage: Uint8Array;
  /** The meter's newest transaction-log entry (null: none yet): its package must carry the registers it left. */
  newestEntry: StoredLogEntry | null;
}
type Maced<Op extends string, B> = Base & { op: Op; body: B; mac: string };

export type ModuleCommand =
  /**
   * `loginNonce`: the unused hello nonce of the connection the request came on (null: none valid), SPEC v1.1.
   * `demoCredit`: mills the module credits to the new account (demo vaults; 0 = none).
   */
  | (Base & {
    op: 'register'; username: string; licenseZip: string; sealed: string; loginNonce: string | null; certificatePem: string; demoCredit: number;
  })
  | (Base & SignIn & { op: 'login' })
  | (Base & SignIn & { op: 'transfer' })
  /** `credits`: the account's credit entries the vault found after the one its package last counted (a hint). */
  | (Maced<'purchase', RequestBody<'purchase'>> & { credits: CreditEntry[] })
  | Maced<'indicium', RequestBody<'indicium'>>
  | (Maced<'piece', RequestBody<'piece'>> & { stored: PieceOnFile | null })
  | (Maced<'refund', RequestBody<'refund'>> & { piece: PieceOnFile | null })
  | Maced<'audit', RequestBody<'audit'>>
  | Maced<'printerResult', RequestBody<'printerResult'>>
  | Maced<'logout', RequestBody<'logout'>>
  | Maced<'userAdd', RequestBody<'userAdd'>>
  | Maced<'userRemove', RequestBody<'userRemove'>>
  | Maced<'userReset', RequestBody<'userReset'>>
  | Maced<'passphraseChange', RequestBody<'passphraseChange'>>
  | (Maced<'users', RequestBody<'users'>> & { ownerUsername: string })
  | (Maced<'pieceLog', RequestBody<'pieceLog'>> & { ownerUsername: string; rows: PieceLogRow[] })
  | OperatorCommand;

/** Who ran an operator step and why, for the audit log. */
export interface OperatorNote {
  operator: string;
  reason: string | null;
}

/** A new indicium key and certificate made by the minting module for `rekey` (the key sealed for this meter). */
export interface NewMeterKey {
  certSerial: number;
  certificatePem: string;
  signingKey: string;
  keyNotBefore: string;
  keyNotAfter: string;
}

/** The operator's steps on one meter (docs/vault.md "Operator procedures"): run by a serving module, in the chained log. */
export type OperatorCommand =
  | (Base & { op: 'unlock'; note: OperatorNote })
  | (Base & { op: 'withdraw'; note: OperatorNote })
  /** `seen`: the vault's registers the operator was shown and confirms; refused if they changed since. */
  | (Base & { op: 'resolve'; note: OperatorNote; seen: { ar: number; dr: number } })
  | (Base & { op: 'rekey'; note: OperatorNote; key: NewMeterKey });
export const OPERATOR_OPS = ['unlock', 'withdraw', 'resolve', 'rekey'] as const;
export type OperatorOp = (typeof OPERATOR_OPS)[number];

/**
 * What login and transfer carry besides the frame: the username as the vault's index spells it,
 * the connection's hello nonce (null: none valid, SPEC v1.1), the operator's pending passphrase
 * reset for that username (sealed by the bank, bank/operator-reset.ts; null: none) and the last piece.
 */
interface SignIn {
  username: string;
  clientNonce: string;
  sealed: string;
  loginNonce: string | null;
  reset: string | null;
  lastPiece: PieceOnFile | null;
}

/** A piece as `pieceLog` reads it from the database; `username` null: printed by the owner. */
export interface PieceLogRow {
  pieceNumber: number;
  postage: number;
  rateCategory: string;
  mailDate: string;
  at: string;
  refunded: boolean;
  username: string | null;
}

/** Commands that run scrypt (about 50 ms each): a batch takes only a few of them (module-bank.ts). */
export const COSTLY_OPS: ReadonlySet<ModuleCommand['op']> = new Set<ModuleCommand['op']>([
  'register', 'login', 'transfer', 'userAdd', 'userReset', 'passphraseChange',
]);

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A command as the server asks for it; the bank adds the meter's sealed package and newest log entry when it dispatches. */
export type ModuleRequest = DistributiveOmit<ModuleCommand, 'sealedPackage' | 'newestEntry'>;

/** What a command changed, for the commit (built in the module: bank/batch-commit.ts). */
export interface CommandEffects {
  piece?: { pieceNumber: number; postage: number; indicium: Buffer; mailDate: string; createdAt: string; seal: string };
  refundPiece?: number;
  /** After a purchase: the last credit entry the package has now counted. */
  creditsSeen?: number;
  /** A credit entry the module made (the demo credit of a registration). */
  credit?: CreditEntry;
  newAccount?: { username: string };
  inspectionAt?: string;
  /** The meter's new certificate (re-key); its old one stays in the certificate directory. */
  certificate?: { certSerial: number; certificatePem: string };
  /** A person added to or removed from the account (the vault's username index follows). */
  person?: { added: { username: string; role: Role } } | { removed: string };
  audits: Array<Omit<AuditEntry, 'moduleSerial'>>;
}

/** A command's answer as the server sends it. `bodyJson` is the JCS text of the body, which `mac` covers. */
export type CommandResult =
  | { ok: true; bodyJson: string; mac: string }
  | { ok: false; code: ErrorCode; message: string };

/**
 * A command's full outcome inside the module: its answer, the new sealed package when it changed
 * the meter (a refused login changes the failed-login count too) with the meter's new state when
 * that changed as well, and what else it changed.
 */
export interface CommandOutcome {
  result: CommandResult;
  change: { pkg: Buffer; state?: MeterState } | null;
  effects: CommandEffects;
}

/** The module's reply to a batch. When `committing`, it has posted the batch to the committer. */
export interface BatchReply {
  results: CommandResult[];
  committing: boolean;
  /** The batch's checkpoint (null when nothing changed): the database's once the commit is durable. */
  checkpoint: StoredCheckpoint | null;
  /** Audit records for the bank to write when there is nothing to commit (they are in the commit otherwise). */
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
/** A new key and certificate for an existing meter (its device id is read from its package). */
export interface RekeyRequest {
  meterId: string;
  sealedPackage: Uint8Array;
  certSerial: number;
}
export interface MintResult {
  meterId: string;
  certificatePem: string;
  sealedPackage: Uint8Array;
}

export type ToModule =
  /** `commitPort`: where the module posts its batches (CommitMessage); null for a minting-only module. */
  | { type: 'init'; settings: ModuleSettings; keys: ModuleKeys; commitPort: MessagePort | null }
  | { type: 'check'; id: number; db: StoredCheckpoint | null }
  | { type: 'batch'; id: number; commitId: number; db: StoredCheckpoint | null; commands: ModuleCommand[] }
  | { type: 'hello'; id: number; clientNonce: string }
  | { type: 'mint'; id: number; request: MintRequest }
  | { type: 'rekey'; id: number; request: RekeyRequest }
  /** Operator recovery in place: adopt the database's checkpoint and the module's last committed log entry. */
  | { type: 'recover'; id: number; db: StoredCheckpoint | null; lastEntry: RecoveryLogEntry | null; note: OperatorNote };

export type FromModule =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'check'; id: number; outcome: CheckOutcome }
  | { type: 'batch'; id: number; reply: BatchReply }
  | { type: 'hello'; id: number; signature: string }
  | { type: 'mint'; id: number; result: MintResult }
  | { type: 'rekey'; id: number; key: NewMeterKey }
  | { type: 'recover'; id: number; outcome: RecoverOutcome }
  | { type: 'error'; id: number; message: string }
  /** The worker asks the process to end at once with `code` (test-only fault injection). */
  | { type: 'fatal'; code: number; message: string };

/** The newest log entry the database holds for a module, as the module wrote it (checked by the module). */
export type RecoveryLogEntry = ModuleLogEntry;

export interface RecoverOutcome {
  /** Audit records of the recovery (the discarded memory records' transactions among them). */
  audits: AuditEntry[];
  /** The module's newest record now (the database's checkpoint): for the module table check. */
  newest: { at: string; value: number } | null;
}

export type { TxSummary };

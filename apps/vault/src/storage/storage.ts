/**
 * The one storage interface of the vault (DESIGN "PSD database"). The SQLite implementation
 * lives in `sqlite/`; a PostgreSQL one can follow without touching the modules, which never
 * see the database: they get sealed packages and return sealed packages.
 */
import type { MessagePort } from 'node:worker_threads';

export const METER_STATES = ['manufactured', 'assigned', 'operational', 'locked', 'withdrawn'] as const;
export type MeterState = (typeof METER_STATES)[number];

export interface NewMeter {
  id: string;
  state: MeterState;
  psdSerial: number;
  certSerial: number;
  certificatePem: string;
  sealedPackage: Buffer;
}

export interface AccountRow {
  id: number;
  username: string;
  funds: number;
  meterId: string;
}

export interface PieceRow {
  meterId: string;
  pieceNumber: number;
  postage: number;
  indicium: Buffer;
  mailDate: string;
  createdAt: string;
  refunded: boolean;
}

/** The latest checkpoint record the database holds for a module (SPEC §4.3), as JCS text. */
export interface StoredCheckpoint {
  record: string;
  mac: string;
}

export interface ModuleRow {
  serial: number;
  lastTxAt: string | null;
  lastTxValue: number | null;
}

/** A log entry as a module writes it (SPEC §4.5); the bank adds the commit link. */
export interface ModuleLogEntry {
  moduleSerial: number;
  seq: number;
  meterId: string;
  type: 'purchase' | 'indicium' | 'refund';
  amount: number;
  ar: number;
  dr: number;
  pieceNumber: number | null;
  at: string;
  prevHash: string;
  hash: string;
  mac: string;
}

/**
 * Makes commit links (bank/log-link.ts): storage links each entry to the one committed before it,
 * in commit order, inside the committing transaction.
 */
export interface LogLinker {
  genesis: string;
  link(prevLink: string, hash: string): string;
}

export interface AuditEntry {
  at: string;
  event: string;
  moduleSerial?: number | undefined;
  meterId?: string | undefined;
  /** JSON-able detail; never a secret. */
  detail?: unknown;
}

/** Everything one module batch changes, committed in ONE database transaction (SPEC §4.4). */
export interface BatchCommit {
  moduleSerial: number;
  checkpoint: StoredCheckpoint;
  moduleLastTx: { at: string; value: number };
  /** Each changed meter's sealed package, and its new state when that changed too. */
  packages: Array<{ meterId: string; sealedPackage: Buffer; state?: MeterState | undefined }>;
  newAccounts: Array<{ username: string; meterId: string; createdAt: string }>;
  debits: Array<{ meterId: string; amount: number }>;
  pieces: PieceRow[];
  refunds: Array<{ meterId: string; pieceNumber: number }>;
  audits: AuditEntry[];
  inspections: Array<{ meterId: string; at: string }>;
  log: ModuleLogEntry[];
}

/** What a module posts on its committer port: one batch to make durable, named by the bank's commit id. */
export interface CommitMessage {
  type: 'commit';
  id: number;
  batch: BatchCommit;
}

/**
 * Makes batches durable (sqlite/commit-writer.ts). Each module posts its batches straight to a
 * port of the committer's (the bank's thread never copies them); the bank waits by commit id.
 */
export interface BatchCommitter {
  /** A new port for one module, which posts CommitMessages on it. */
  modulePort(): MessagePort;
  /** Resolves once commit `id` is durable; rejects with the reason when it failed. */
  outcome(id: number): Promise<void>;
  /** Drops the wait for a commit that will not be posted (the batch changed nothing). */
  forget(id: number): void;
  close(): Promise<void>;
}

export interface VaultTotals {
  meters: Record<string, number>;
  accounts: number;
  funds: number;
  pieces: number;
  postage: number;
  refunded: number;
}

export interface Storage {
  /** Reserves `count` PSD serials and certificate serials (sequential from 1). */
  allocateSerials(count: number): Array<{ psdSerial: number; certSerial: number }>;
  insertMeter(meter: NewMeter): void;
  /** Ids of manufactured meters not yet assigned to an account, oldest first. */
  unassignedMeterIds(limit: number): string[];
  /** The sealed packages of meters, read together (one module batch). */
  sealedPackages(meterIds: readonly string[]): Array<Buffer | undefined>;
  meterInfo(meterId: string): { state: MeterState; certificatePem: string; accountId: number | null } | undefined;
  certificateBySerial(certSerial: number): string | undefined;

  /** Case-insensitive lookup. */
  accountByUsername(username: string): AccountRow | undefined;
  accountByMeter(meterId: string): AccountRow | undefined;
  /** Adds funds; undefined when there is no such account. Returns the new balance. */
  credit(username: string, amount: number): number | undefined;

  piece(meterId: string, pieceNumber: number): PieceRow | undefined;
  lastPiece(meterId: string): PieceRow | undefined;

  /** Registers module serials 1..count that are not yet in the module table; returns all rows. */
  ensureModules(count: number): ModuleRow[];
  modules(): ModuleRow[];
  checkpoint(moduleSerial: number): StoredCheckpoint | undefined;

  /** Commits batches (of different modules) in ONE transaction, linking their log entries in order. */
  commitBatches(batches: BatchCommit[], linker: LogLinker): void;
  appendAudit(entries: AuditEntry[]): void;
  auditLog(limit: number): Array<AuditEntry & { id: number }>;
  /** Links the entries written before schema 2, which have no commit link, in id order. */
  linkOldEntries(linker: LogLinker): void;
  totals(): VaultTotals;
  close(): void;
}

/**
 * The one storage interface of the vault (DESIGN "PSD database"), implemented on SQLite
 * (`sqlite/`, one vault process) and PostgreSQL (`postgres/`, several vault processes). The
 * modules never see the database: they get sealed packages and return sealed packages. Every
 * call is asynchronous, so an implementation may sit across a network.
 *
 * Several vault processes may share one database: each names itself with its `owner` id (from
 * its data folder, `vault-config.ts`) when it claims module serials and pool meters, so no two
 * processes run the same module serial or hand out the same meter.
 */
import type { LogLinker, ModuleLogEntry } from '../ledger/chain.ts';
import type { CreditEntry, CreditHead } from '../ledger/credits.ts';
import type { StoredAuditFields } from '../ledger/audit-chain.ts';
import type { PeopleChanges, PeopleStorage } from './people-rows.ts';

/** The database cannot be reached right now (e.g. during a failover); nothing was changed. */
export class StorageUnavailable extends Error {}

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
  meterId: string;
  /** The last credit entry its meter's package has counted, as the last purchase left it: a hint for
   * which entries to read, never trusted (the package knows; docs/vault.md "Funds"). */
  creditsSeen: number;
}

export interface PieceRow {
  meterId: string;
  pieceNumber: number;
  postage: number;
  indicium: Buffer;
  mailDate: string;
  createdAt: string;
  refunded: boolean;
  /** HMAC by the module that printed it (ledger/piece-seal.ts); null only for a piece refunded before the ledger schema. */
  seal: string | null;
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
  /** New credit entries (the demo credit of a registration). */
  credits: CreditEntry[];
  /** After a purchase: the last credit entry the meter's package has now counted (the AccountRow hint). */
  creditsSeen: Array<{ meterId: string; seq: number }>;
  pieces: PieceRow[];
  refunds: Array<{ meterId: string; pieceNumber: number }>;
  audits: AuditEntry[];
  inspections: Array<{ meterId: string; at: string }>;
  log: ModuleLogEntry[];
  /** People added or removed, and who printed the batch's pieces (absent: nothing of the kind). */
  people?: PeopleChanges;
  /** Re-keys: the meter's new certificate; its current one is kept among the retired ones (still served). */
  certificates?: Array<{ meterId: string; certSerial: number; certificatePem: string; at: string }>;
}

/** A log entry as stored: what the module wrote, its row id and its commit link (null only before schema 2 until linked). */
export interface StoredLogEntry extends ModuleLogEntry {
  id: number;
  link: string | null;
}

/** A certificate a meter had before a re-key. */
export interface RetiredCertificate {
  certSerial: number;
  retiredAt: string;
}


/** An audit entry as stored: its fields (detail as JSON text) and its chained MAC (null before the ledger schema until linked). */
export type StoredAuditEntry = StoredAuditFields & { mac: string | null };

/** An assigned meter and its sealed package, for verification and reports. */
export interface AccountMeter {
  meterId: string;
  accountId: number;
  username: string;
  sealedPackage: Buffer;
}

export interface VaultTotals {
  meters: Record<string, number>;
  accounts: number;
  /** Credits on the ledger minus purchases in the log, in mills (as the database says; verify-log checks). */
  funds: number;
  pieces: number;
  postage: number;
  refunded: number;
}

/**
 * Where a sharded storage keeps things (storage/shards/): each meter and each module serial lives
 * on one shard, numbered in shard-map order. A module serves meters of its own shard only, so a
 * batch commits in ONE transaction on one database with that shard's checkpoint and log chain.
 */
export interface Placement {
  readonly shards: number;
  /** The shard of a meter. */
  shardOfMeter(meterId: string): number;
  /** The shard a module serial (one of those claimModules returned) commits to. */
  shardOfModule(serial: number): number;
}

export interface Storage extends PeopleStorage {
  /** Present on a sharded storage only; a single database is one shard for everything. */
  readonly placement?: Placement;
  /** A new meter's id, when the storage chooses where meters go (sharded); a random UUID otherwise. */
  newMeterId?(): string;
  /** Reserves `count` PSD serials and certificate serials (sequential from 1). */
  allocateSerials(count: number): Promise<Array<{ psdSerial: number; certSerial: number }>>;
  /** Stores a new meter; `poolOwner` claims it for that process's pool at once. */
  insertMeter(meter: NewMeter, poolOwner?: string): Promise<void>;
  /**
   * Claims up to `limit` manufactured, unassigned meters for `owner`'s pool, oldest first: those
   * it claimed before, then unclaimed ones. No meter is ever claimed by two owners.
   */
  claimPoolMeters(owner: string, limit: number): Promise<string[]>;
  /** The sealed packages of meters, read together (one module batch). */
  sealedPackages(meterIds: readonly string[]): Promise<Array<Buffer | undefined>>;
  meterInfo(meterId: string): Promise<{ state: MeterState; certificatePem: string; accountId: number | null } | undefined>;
  /** A meter certificate by serial: a meter's current one or one it had before a re-key. */
  certificateBySerial(certSerial: number): Promise<string | undefined>;

  /** Case-insensitive lookup. */
  accountByUsername(username: string): Promise<AccountRow | undefined>;
  accountByMeter(meterId: string): Promise<AccountRow | undefined>;

  /** The last entry of an account's credit chain (EMPTY_CREDIT_HEAD when it has none). */
  creditHead(account: string): Promise<CreditHead>;
  /**
   * Appends a credit entry made by someone holding the ledger key (`vault credit`). Returns false,
   * writing nothing, when the account already has an entry with that seq (a concurrent append won:
   * read the head again and remake the entry), so a chain never forks.
   */
  appendCredit(entry: CreditEntry): Promise<boolean>;
  /** An account's credit entries with seq > `afterSeq`, in order. */
  credits(account: string, afterSeq: number): Promise<CreditEntry[]>;
  /**
   * Each meter's account funds as the database holds them: its account's credits − what the meter
   * bought + what a withdrawal returned. For the operator's views only: no module trusts it, and
   * `verify-log` checks every entry behind it.
   */
  fundsOf(meterIds: readonly string[]): Promise<number[]>;

  piece(meterId: string, pieceNumber: number): Promise<PieceRow | undefined>;
  lastPiece(meterId: string): Promise<PieceRow | undefined>;
  /** Each meter's newest transaction-log entry (undefined: none), read together (one module batch). */
  newestLogEntries(meterIds: readonly string[]): Promise<Array<StoredLogEntry | undefined>>;

  /**
   * The module serials `owner` runs: those it claimed before, plus new serials (unique across
   * every process on this database) until it has `count`. Returns its rows, serial order.
   */
  claimModules(owner: string, count: number): Promise<ModuleRow[]>;
  modules(): Promise<ModuleRow[]>;
  checkpoint(moduleSerial: number): Promise<StoredCheckpoint | undefined>;

  /** Commits batches (of different modules) in ONE transaction, linking their log entries in order. */
  commitBatches(batches: BatchCommit[], linker: LogLinker): Promise<void>;
  /** Appends audit entries, each MACed and chained to the one before (needs the storage's audit key). */
  appendAudit(entries: AuditEntry[]): Promise<void>;
  auditLog(limit: number): Promise<Array<AuditEntry & { id: number }>>;
  /** Links the entries written before schema 2, which have no commit link, in id order. */
  linkOldEntries(linker: LogLinker): Promise<void>;

  // Whole-ledger reads, in pages, for `vault verify-log` and `vault report`.
  /** Log entries with id > `afterId`, oldest first, at most `limit`. */
  logEntries(afterId: number, limit: number): Promise<StoredLogEntry[]>;
  /** Audit entries with id > `afterId`, oldest first, at most `limit`. */
  auditEntries(afterId: number, limit: number): Promise<StoredAuditEntry[]>;
  /** Credit entries after (account, seq) in (account, seq) order, at most `limit`; null = from the start. */
  creditEntries(after: { account: string; seq: number } | null, limit: number): Promise<CreditEntry[]>;
  /** Pieces after (meter id, piece number) in that order, at most `limit`; null = from the start. */
  pieces(after: { meterId: string; pieceNumber: number } | null, limit: number): Promise<PieceRow[]>;
  /** Assigned meters after `afterMeterId` in meter-id order, with account and sealed package; null = from the start. */
  accountMeters(afterMeterId: string | null, limit: number): Promise<AccountMeter[]>;
  /** Every module's latest checkpoint. */
  checkpoints(): Promise<Array<StoredCheckpoint & { moduleSerial: number }>>;
  totals(): Promise<VaultTotals>;

  /** Every account with its meter, by username (the operator console). */
  accounts(): Promise<AccountRow[]>;
  /** A meter's newest log entries, newest first. */
  meterLog(meterId: string, limit: number): Promise<StoredLogEntry[]>;
  /** A meter's newest audit records, newest first. */
  meterAudit(meterId: string, limit: number): Promise<Array<AuditEntry & { id: number }>>;
  /** A module's newest log entry (operator recovery of an inhibited module). */
  lastModuleEntry(moduleSerial: number): Promise<StoredLogEntry | undefined>;
  /** The certificates a meter had before its re-keys, oldest first. */
  retiredCertificates(meterId: string): Promise<RetiredCertificate[]>;
  close(): Promise<void>;
}

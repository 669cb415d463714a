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
  /** People added or removed, and who printed the batch's pieces (absent: nothing of the kind). */
  people?: PeopleChanges;
  /** Withdrawals: DR handed back to the meter's account funds. */
  returns?: Array<{ meterId: string; amount: number }>;
  /** Re-keys: the meter's new certificate; its current one is kept among the retired ones (still served). */
  certificates?: Array<{ meterId: string; certSerial: number; certificatePem: string; at: string }>;
}

/** A log entry as stored, with its id and commit link. */
export interface StoredLogEntry extends ModuleLogEntry {
  id: number;
  link: string | null;
}

/** A certificate a meter had before a re-key. */
export interface RetiredCertificate {
  certSerial: number;
  retiredAt: string;
}

export interface VaultTotals {
  meters: Record<string, number>;
  accounts: number;
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
  /** Adds funds; undefined when there is no such account. Returns the new balance. */
  credit(username: string, amount: number): Promise<number | undefined>;

  piece(meterId: string, pieceNumber: number): Promise<PieceRow | undefined>;
  lastPiece(meterId: string): Promise<PieceRow | undefined>;

  /**
   * The module serials `owner` runs: those it claimed before, plus new serials (unique across
   * every process on this database) until it has `count`. Returns its rows, serial order.
   */
  claimModules(owner: string, count: number): Promise<ModuleRow[]>;
  modules(): Promise<ModuleRow[]>;
  checkpoint(moduleSerial: number): Promise<StoredCheckpoint | undefined>;

  /** Commits batches (of different modules) in ONE transaction, linking their log entries in order. */
  commitBatches(batches: BatchCommit[], linker: LogLinker): Promise<void>;
  appendAudit(entries: AuditEntry[]): Promise<void>;
  auditLog(limit: number): Promise<Array<AuditEntry & { id: number }>>;
  /** Links the entries written before schema 2, which have no commit link, in id order. */
  linkOldEntries(linker: LogLinker): Promise<void>;
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

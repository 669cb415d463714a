import type Database from 'better-sqlite3';
import { applyMigrations, type Migration } from '../../sqlite/apply-migrations.ts';
import type { UpgradeKeys } from '../ledger-upgrade.ts';
import { upgradeToLedger } from './legacy-upgrade.ts';

/** The SQLite schema version that brought the credits ledger, piece seals and the audit chain. */
export const LEDGER_SCHEMA = 7;

/** Versioned schema migrations; each runs once, in order, inside a transaction. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL COLLATE NOCASE UNIQUE,
        funds INTEGER NOT NULL DEFAULT 0 CHECK (funds >= 0),
        created_at TEXT NOT NULL
      );
      CREATE TABLE meters (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        psd_serial INTEGER NOT NULL UNIQUE,
        cert_serial INTEGER NOT NULL UNIQUE,
        certificate TEXT NOT NULL,
        package BLOB NOT NULL,
        account_id INTEGER UNIQUE REFERENCES accounts(id),
        last_audit_at TEXT,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX meters_pool ON meters (state, psd_serial) WHERE account_id IS NULL;
      CREATE TABLE serials (name TEXT PRIMARY KEY, next INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO serials (name, next) VALUES ('psd', 1), ('cert', 1);
      CREATE TABLE pieces (
        meter_id TEXT NOT NULL REFERENCES meters(id),
        piece_number INTEGER NOT NULL,
        postage INTEGER NOT NULL,
        indicium BLOB NOT NULL,
        mail_date TEXT NOT NULL,
        created_at TEXT NOT NULL,
        refunded INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (meter_id, piece_number)
      ) WITHOUT ROWID;
      CREATE TABLE modules (
        serial INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        last_tx_at TEXT,
        last_tx_value INTEGER
      );
      CREATE TABLE checkpoints (
        module_serial INTEGER PRIMARY KEY REFERENCES modules(serial),
        record TEXT NOT NULL,
        mac TEXT NOT NULL
      );
      CREATE TABLE tx_log (
        id INTEGER PRIMARY KEY,
        module_serial INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        meter_id TEXT NOT NULL,
        type TEXT NOT NULL,
        amount INTEGER NOT NULL,
        ar INTEGER NOT NULL,
        dr INTEGER NOT NULL,
        piece_number INTEGER,
        at TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        mac TEXT NOT NULL
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        module_serial INTEGER,
        meter_id TEXT,
        detail TEXT
      );
    `,
  },
  {
    version: 2,
    name: 'commit links in the transaction log',
    // NULL only for entries written before this version; the vault links them when it starts.
    sql: 'ALTER TABLE tx_log ADD COLUMN link TEXT',
  },
  {
    version: 3,
    name: 'no unique index on log hashes',
    // The index cost a random B-tree page per value transaction and was never read: the chain
    // (prevHash, commit links) is what makes a duplicated or missing entry visible.
    sql: `
      CREATE TABLE tx_log_v3 (
        id INTEGER PRIMARY KEY,
        module_serial INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        meter_id TEXT NOT NULL,
        type TEXT NOT NULL,
        amount INTEGER NOT NULL,
        ar INTEGER NOT NULL,
        dr INTEGER NOT NULL,
        piece_number INTEGER,
        at TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        mac TEXT NOT NULL,
        link TEXT
      );
      INSERT INTO tx_log_v3 SELECT id, module_serial, seq, meter_id, type, amount, ar, dr, piece_number, at, prev_hash, hash, mac, link
        FROM tx_log;
      DROP TABLE tx_log;
      ALTER TABLE tx_log_v3 RENAME TO tx_log;
    `,
  },
  {
    version: 4,
    name: 'sealed packages in their own table',
    // A meter row with its certificate and package (about 1.7 KB) spilled onto an overflow page,
    // so every package read and write touched two pages; a row of this table fits on one.
    sql: `
      CREATE TABLE packages (
        id INTEGER PRIMARY KEY,
        meter_id TEXT NOT NULL UNIQUE REFERENCES meters(id),
        package BLOB NOT NULL
      );
      INSERT INTO packages (meter_id, package) SELECT id, package FROM meters ORDER BY psd_serial;
      ALTER TABLE meters DROP COLUMN package;
    `,
  },
  {
    version: 5,
    name: 'certificates of meters before a re-key',
    // A re-key gives a meter a new certificate; the old one still verifies the pieces it signed,
    // so GET /v1/certs/<serial> keeps serving it from here.
    sql: `
      CREATE TABLE retired_certificates (
        cert_serial INTEGER PRIMARY KEY,
        meter_id TEXT NOT NULL REFERENCES meters(id),
        certificate TEXT NOT NULL,
        retired_at TEXT NOT NULL
      );
      CREATE INDEX retired_certificates_meter ON retired_certificates (meter_id);
    `,
  },
  {
    version: 6,
    name: 'people on an account',
    // The index of every username but the owners' (accounts.username): the package holds the rest.
    // Who printed a piece when it was not the owner; the operator's pending passphrase resets.
    sql: `
      CREATE TABLE account_users (
        username TEXT NOT NULL COLLATE NOCASE PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        role TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX account_users_account ON account_users (account_id);
      CREATE TABLE piece_users (
        meter_id TEXT NOT NULL,
        piece_number INTEGER NOT NULL,
        username TEXT NOT NULL,
        PRIMARY KEY (meter_id, piece_number),
        FOREIGN KEY (meter_id, piece_number) REFERENCES pieces (meter_id, piece_number)
      ) WITHOUT ROWID;
      CREATE TABLE passphrase_resets (
        username TEXT NOT NULL COLLATE NOCASE PRIMARY KEY,
        meter_id TEXT NOT NULL REFERENCES meters(id),
        reset BLOB NOT NULL,
        issued_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: LEDGER_SCHEMA,
    name: 'value rows protected by bank keys',
    // docs/vault.md "What protects each column". Funds stop being a number anyone can write: they
    // become the credits ledger (entries MACed and chained per account). Pieces get the seal of the
    // module that printed them, audit entries a chained MAC, and the log an index by meter: each
    // command's package is checked against its meter's newest entry (a package rolled back is
    // refused). Credits carry an id in the order they were written: the log off-load's cursor.
    // Rows older than this version are adopted by upgradeToLedger (legacy-upgrade.ts), in
    // this migration's transaction, which drops the funds column last.
    sql: `
      CREATE TABLE credits (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        seq INTEGER NOT NULL,
        amount INTEGER NOT NULL,
        kind TEXT NOT NULL,
        made_by TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        mac TEXT NOT NULL,
        UNIQUE (account, seq)
      );
      ALTER TABLE accounts ADD COLUMN credits_seen INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE pieces ADD COLUMN seal TEXT;
      ALTER TABLE audit_log ADD COLUMN mac TEXT;
      CREATE INDEX tx_log_meter ON tx_log (meter_id, id);
    `,
  },
];

/**
 * Brings the database to the current schema. A database older than the ledger schema that holds accounts,
 * pieces or audit entries can only be upgraded with `keys` (legacy-upgrade.ts); without them the
 * upgrade is refused and the database stays as it was.
 */
export function migrate(db: Database.Database, keys?: UpgradeKeys): void {
  applyMigrations(db, MIGRATIONS, { [LEDGER_SCHEMA]: (d) => upgradeToLedger(d, keys) });
}

/**
 * The PSD database's schema on PostgreSQL, as versioned migrations (`schema_migrations`, as on
 * SQLite). Version 1 is the shape SQLite reached with its migration 4 (sealed packages in their
 * own table, commit links, no unique index on log hashes) plus what several vault processes
 * need: claims of module serials and pool meters, and the log head every commit locks.
 * Timestamps stay ISO-8601 text, as the module records compare them as text. Each later version is
 * one of SQLite's: 2 = its 5 (retired certificates), 3 = its 6 (people on an account), 4 = its 7
 * (the credits ledger, piece seals and the audit chain: docs/vault.md "What protects each column").
 */
import type { UpgradeKeys } from '../ledger-upgrade.ts';
import type { Sql } from './pg-client.ts';
import { pgUpgradeToLedger, type Tx } from './pg-legacy-upgrade.ts';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/** The PostgreSQL schema version that brought the credits ledger (SQLite's 7: the same step). */
export const PG_LEDGER_SCHEMA = 4;

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE accounts (
        id bigserial PRIMARY KEY,
        username text NOT NULL,
        funds bigint NOT NULL DEFAULT 0 CHECK (funds >= 0),
        created_at text NOT NULL
      );
      CREATE UNIQUE INDEX accounts_username ON accounts (lower(username));
      CREATE TABLE meters (
        id text PRIMARY KEY,
        state text NOT NULL,
        psd_serial bigint NOT NULL UNIQUE,
        cert_serial bigint NOT NULL UNIQUE,
        certificate text NOT NULL,
        account_id bigint UNIQUE REFERENCES accounts(id),
        last_audit_at text,
        created_at text NOT NULL,
        -- the vault process whose pool holds this unassigned meter (vault.json "instance")
        pool_owner text
      );
      CREATE INDEX meters_pool ON meters (psd_serial) WHERE account_id IS NULL AND state = 'manufactured';
      -- every value transaction rewrites its meter's package: room on each page lets PostgreSQL
      -- put the new row version beside the old one (a HOT update, no index entry to add)
      CREATE TABLE packages (
        meter_id text PRIMARY KEY REFERENCES meters(id),
        package bytea NOT NULL
      ) WITH (fillfactor = 50);
      CREATE TABLE serials (name text PRIMARY KEY, next bigint NOT NULL);
      INSERT INTO serials (name, next) VALUES ('psd', 1), ('cert', 1);
      CREATE TABLE pieces (
        meter_id text NOT NULL REFERENCES meters(id),
        piece_number integer NOT NULL,
        postage bigint NOT NULL,
        indicium bytea NOT NULL,
        mail_date text NOT NULL,
        created_at text NOT NULL,
        refunded boolean NOT NULL DEFAULT false,
        PRIMARY KEY (meter_id, piece_number)
      );
      CREATE TABLE modules (
        serial integer PRIMARY KEY,
        -- the vault process that runs this module (vault.json "instance")
        owner text,
        created_at text NOT NULL,
        last_tx_at text,
        last_tx_value bigint
      );
      CREATE TABLE checkpoints (
        module_serial integer PRIMARY KEY REFERENCES modules(serial),
        record text NOT NULL,
        mac text NOT NULL
      );
      -- ids are given by the committer (consecutive: verify-log checks that none is missing)
      CREATE TABLE tx_log (
        id bigint PRIMARY KEY,
        module_serial integer NOT NULL,
        seq bigint NOT NULL,
        meter_id text NOT NULL,
        type text NOT NULL,
        amount bigint NOT NULL,
        ar bigint NOT NULL,
        dr bigint NOT NULL,
        piece_number integer,
        at text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        mac text NOT NULL,
        link text NOT NULL
      );
      -- the newest log entry's id and commit link: every commit with log entries locks this row,
      -- so commits of all vault processes extend one chain, one after the other
      CREATE TABLE log_head (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        last_id bigint NOT NULL,
        last_link text NOT NULL
      );
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at text NOT NULL,
        event text NOT NULL,
        module_serial integer,
        meter_id text,
        detail text
      );
      -- a row the committer rewrites to learn that everything before it is on the standby too
      CREATE TABLE commit_barrier (one boolean PRIMARY KEY DEFAULT true CHECK (one), n bigint NOT NULL);
      INSERT INTO commit_barrier (n) VALUES (0);
    `,
  },
  {
    version: 2,
    name: 'certificates of meters before a re-key',
    // As SQLite's migration 5: a re-keyed meter's old certificate is still served.
    sql: `
      CREATE TABLE retired_certificates (
        cert_serial bigint PRIMARY KEY,
        meter_id text NOT NULL REFERENCES meters(id),
        certificate text NOT NULL,
        retired_at text NOT NULL
      );
      CREATE INDEX retired_certificates_meter ON retired_certificates (meter_id);
    `,
  },
  {
    version: 3,
    name: 'people on an account',
    // As SQLite's migration 6: the username index of everyone but the owners (accounts.username),
    // who printed a piece when it was not the owner, the operator's pending passphrase resets.
    sql: `
      CREATE TABLE account_users (
        username text NOT NULL,
        account_id bigint NOT NULL REFERENCES accounts(id),
        role text NOT NULL,
        created_at text NOT NULL
      );
      CREATE UNIQUE INDEX account_users_username ON account_users (lower(username));
      CREATE INDEX account_users_account ON account_users (account_id);
      CREATE TABLE piece_users (
        meter_id text NOT NULL,
        piece_number integer NOT NULL,
        username text NOT NULL,
        PRIMARY KEY (meter_id, piece_number),
        FOREIGN KEY (meter_id, piece_number) REFERENCES pieces (meter_id, piece_number)
      );
      CREATE TABLE passphrase_resets (
        username_key text PRIMARY KEY,
        meter_id text NOT NULL REFERENCES meters(id),
        reset bytea NOT NULL,
        issued_at text NOT NULL
      );
    `,
  },
  {
    version: PG_LEDGER_SCHEMA,
    name: 'value rows protected by bank keys',
    // As SQLite's migration 7: funds become the credits ledger (entries MACed and chained per
    // account), pieces get the seal of the module that printed them, audit entries a chained MAC,
    // and the log an index by meter (each command's package is checked against its meter's newest
    // entry). Credit and audit ids are given by their writers under an advisory lock each
    // (pg-chains.ts), so ids grow in commit order, which the log off-load's cursors need (a
    // sequence's ids may commit out of order with several writers). Rows older than this version
    // are adopted by pgUpgradeToLedger in this migration's transaction, which drops funds last.
    sql: `
      CREATE TABLE credits (
        id bigint PRIMARY KEY,
        account text NOT NULL,
        seq integer NOT NULL,
        amount bigint NOT NULL,
        kind text NOT NULL,
        made_by text NOT NULL,
        reason text NOT NULL,
        at text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        mac text NOT NULL,
        UNIQUE (account, seq)
      );
      ALTER TABLE accounts ADD COLUMN credits_seen integer NOT NULL DEFAULT 0;
      ALTER TABLE pieces ADD COLUMN seal text;
      ALTER TABLE audit_log ADD COLUMN mac text;
      ALTER TABLE audit_log ALTER COLUMN id DROP DEFAULT;
      DROP SEQUENCE audit_log_id_seq;
      CREATE INDEX tx_log_meter ON tx_log (meter_id, id);
    `,
  },
];

/** Code a migration runs after its SQL, in the same transaction (a step that needs keys). */
const STEPS: Record<number, (tx: Tx, keys: UpgradeKeys | undefined) => Promise<void>> = { [PG_LEDGER_SCHEMA]: pgUpgradeToLedger };

/** Any fixed number: the advisory lock that keeps two vault processes from migrating at once. */
const MIGRATION_LOCK = 7_420_001;

/**
 * Applies the migrations the database has not seen, each in its own transaction. A database older
 * than the ledger schema that holds value is upgraded only with `keys`; without them the upgrade is refused
 * (UpgradeNeedsKeys) and the database stays as it was.
 */
export async function migratePg(sql: Sql, genesisLink: string, keys?: UpgradeKeys): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`;
  for (const m of PG_MIGRATIONS) {
    await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
      const [done] = await tx`SELECT 1 FROM schema_migrations WHERE version = ${m.version}`;
      if (done !== undefined) return;
      await tx.unsafe(m.sql).simple();
      if (m.version === 1) await tx`INSERT INTO log_head (last_id, last_link) VALUES (0, ${genesisLink})`;
      await STEPS[m.version]?.(tx as unknown as Tx, keys);
      await tx`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, ${m.name}, ${new Date().toISOString()})`;
    });
  }
}

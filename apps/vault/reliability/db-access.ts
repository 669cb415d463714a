/**
 * The harness's own connections to a vault's PSD database, on either engine, with one SQL text:
 * `?` marks parameters (numbered for PostgreSQL), booleans are 0/1 on SQLite. A reader sees one
 * consistent snapshot; a writer is the dba part's attacker, with no constraint it does not want
 * (SQLite: foreign keys off; PostgreSQL: session_replication_role = replica, as a superuser can).
 */
import Database from 'better-sqlite3';
import postgres from 'postgres';
import type { DatabaseConfig, SingleDatabase } from '../src/config/vault-config.ts';

export type Row = Record<string, unknown>;

export interface Db {
  all(sql: string, ...params: unknown[]): Promise<Row[]>;
  get(sql: string, ...params: unknown[]): Promise<Row | undefined>;
  run(sql: string, ...params: unknown[]): Promise<void>;
  close(): Promise<void>;
}

const sqliteValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

function openSqlite(file: string, readonly: boolean): Database.Database {
  const db = new Database(file, { readonly, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  if (!readonly) db.pragma('foreign_keys = OFF');
  return db;
}

function sqliteDb(db: Database.Database): Db {
  return {
    all: async (sql, ...params) => db.prepare(sql).all(...params.map(sqliteValue)) as Row[],
    get: async (sql, ...params) => db.prepare(sql).get(...params.map(sqliteValue)) as Row | undefined,
    run: async (sql, ...params) => void db.prepare(sql).run(...params.map(sqliteValue)),
    close: async () => void db.close(),
  };
}

/** One connection, int8 read as numbers (every value the vault stores is far below 2^53). */
function pgConnection(url: string, schema?: string): postgres.Sql {
  return postgres(url, {
    max: 1, onnotice: () => {},
    types: { int8: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) } },
    ...(schema === undefined ? {} : { connection: { search_path: schema } }),
  });
}

function pgDb(sql: postgres.Sql): Db {
  const all = async (text: string, params: unknown[]) => [...(await sql.unsafe(numbered(text), params as never[]))] as Row[];
  return {
    all: (text, ...params) => all(text, params),
    get: async (text, ...params) => (await all(text, params))[0],
    run: async (text, ...params) => void (await all(text, params)),
    close: () => sql.end(),
  };
}

/** The harness's vaults each have one database (never shards). */
function single(db: DatabaseConfig): SingleDatabase {
  if (db.kind === 'sharded') throw new Error('the harness reads a vault on one database');
  return db;
}

/** Read-write, as the attacker: a connection of its own to the live database. */
export async function attackerDb(config: DatabaseConfig): Promise<Db> {
  const database = single(config);
  if (database.kind === 'sqlite') return sqliteDb(openSqlite(database.file, false));
  const sql = pgConnection(database.url);
  await sql`SET session_replication_role = replica`;
  return pgDb(sql);
}

/**
 * Takes a copy of the live database as it is now (an earlier copy, to the attacker later) and
 * opens it read-only: SQLite, a backup file in `workDir`; PostgreSQL, the tables copied into a
 * schema of their own, read with the same SQL through its search path.
 */
export async function earlierCopy(config: DatabaseConfig, workDir: string): Promise<Db> {
  const database = single(config);
  if (database.kind === 'sqlite') {
    const file = `${workDir}/earlier.sqlite`;
    const live = new Database(database.file, { readonly: true, fileMustExist: true });
    try {
      await live.backup(file);
    } finally {
      live.close();
    }
    return sqliteDb(openSqlite(file, true));
  }
  const sql = pgConnection(database.url);
  try {
    await sql.begin('isolation level repeatable read', async (tx) => {
      await tx`DROP SCHEMA IF EXISTS earlier CASCADE`;
      await tx`CREATE SCHEMA earlier`;
      for (const table of ['accounts', 'meters', 'packages', 'pieces', 'credits', 'tx_log', 'audit_log', 'checkpoints', 'modules']) {
        await tx.unsafe(`CREATE TABLE earlier.${table} AS TABLE public.${table}`);
      }
    });
  } finally {
    await sql.end();
  }
  return pgDb(pgConnection(database.url, 'earlier'));
}

/** Runs `read` on one consistent snapshot of the database. */
export async function readSnapshot<T>(config: DatabaseConfig, read: (db: Db) => Promise<T>): Promise<T> {
  const database = single(config);
  if (database.kind === 'sqlite') {
    const db = openSqlite(database.file, true);
    db.exec('BEGIN');
    try {
      return await read(sqliteDb(db));
    } finally {
      db.exec('COMMIT');
      db.close();
    }
  }
  const sql = pgConnection(database.url);
  try {
    return (await sql.begin('isolation level repeatable read read only', (tx) => read(pgDb(tx as unknown as postgres.Sql)))) as T;
  } finally {
    await sql.end();
  }
}

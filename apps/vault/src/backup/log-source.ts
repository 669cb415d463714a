/**
 * The transaction log as backups read it (SPEC §4.5), from either database: the entries after an
 * id, one entry, a segment body (entries plus the rows they touched, and the credit and audit
 * entries written since the last segment) read in ONE consistent read, and what the database holds
 * under given credit and audit ids. The off-load, `verify-log` and `recover` use this and nothing
 * else of the database.
 */
import Database from 'better-sqlite3';
import type { SingleDatabase } from '../config/vault-config.ts';
import type { LogEntry } from './log-entry.ts';
import { pgLogSource } from './pg-rows.ts';
import { entryById, readEntries, readSegmentBody, type OffloadCursor, type SegmentBody } from './rows.ts';
import { sqliteValueRowImages, type ValueRowImages } from './value-rows.ts';

export interface LogSource {
  /** The entries with id > `afterId`, at most `limit`, oldest first. */
  entries(afterId: number, limit: number): Promise<LogEntry[]>;
  entry(id: number): Promise<LogEntry | undefined>;
  /** The next segment's body, read in one read transaction; null when there is nothing new. */
  segmentBody(after: OffloadCursor, limit: number): Promise<SegmentBody | null>;
  /** The database's credit hashes and audit MACs under these ids (an id it does not hold is absent). */
  valueRowImages(creditIds: readonly number[], auditIds: readonly number[]): Promise<ValueRowImages>;
  close(): Promise<void>;
}

/** A log source on an open SQLite connection (the caller closes it). */
export function sqliteLogSource(db: Database.Database): LogSource {
  return {
    entries: async (afterId, limit) => readEntries(db, afterId, limit),
    entry: async (id) => entryById(db, id),
    segmentBody: async (after, limit) => readSegmentBody(db, after, limit),
    valueRowImages: async (creditIds, auditIds) => sqliteValueRowImages(db, creditIds, auditIds),
    close: async () => {},
  };
}

/** Opens a read-only log source on a configured database. */
export function openLogSource(db: SingleDatabase): LogSource {
  if (db.kind === 'postgres') return pgLogSource(db.url);
  const conn = new Database(db.file, { readonly: true, fileMustExist: true });
  conn.pragma('busy_timeout = 5000');
  return {
    ...sqliteLogSource(conn),
    close: async () => {
      conn.close();
    },
  };
}

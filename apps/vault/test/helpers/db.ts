import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const dbFile = (dataDir: string) => join(dataDir, 'vault.sqlite');

/** A consistent copy of a (possibly running) vault database. */
export async function snapshot(dataDir: string, dest: string): Promise<void> {
  const db = new Database(dbFile(dataDir), { readonly: true });
  try {
    await db.backup(dest);
  } finally {
    db.close();
  }
}

/** Replaces a stopped vault's database with a snapshot (an older copy of the file). */
export async function restoreSnapshot(dataDir: string, snap: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile(dataDir)}${suffix}`, { force: true });
  const src = new Database(snap, { readonly: true });
  try {
    await src.backup(dbFile(dataDir));
  } finally {
    src.close();
  }
}

export function query<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile(dataDir), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function exec(dataDir: string, sql: string, ...params: unknown[]): void {
  const db = new Database(dbFile(dataDir));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

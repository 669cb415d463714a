/**
 * Real PostgreSQL for tests: one server per test process (started on first use in a temporary
 * folder on a free port, stopped when the process exits), and a fresh database per test vault.
 * `VBI_TEST_STORAGE=postgres` makes `startTestVault` use it.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { createPrimary, freePort, serverRoot, type LocalServer } from '../postgres/local-server.ts';

export const testStorage = (): 'sqlite' | 'postgres' => (process.env.VBI_TEST_STORAGE === 'postgres' ? 'postgres' : 'sqlite');

let server: Promise<LocalServer> | null = null;
let counter = 0;

/** This test process's PostgreSQL server. */
export function testPostgres(): Promise<LocalServer> {
  server ??= (async () => {
    const root = serverRoot('vbi-pg-');
    const s = createPrimary({ dir: join(root, 'data'), port: await freePort() });
    process.once('exit', () => {
      try {
        s.stop();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
    return s;
  })();
  return server;
}

/** A new, empty database (or a copy of `template`, which nobody may be connected to) on the test server; returns its URL. */
export async function createTestDatabase(template?: string): Promise<string> {
  const s = await testPostgres();
  const name = `vbi_${process.pid}_${++counter}`;
  const sql = postgres(s.url(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`CREATE DATABASE ${name}${template === undefined ? '' : ` TEMPLATE ${new URL(template).pathname.slice(1)}`}`);
  } finally {
    await sql.end();
  }
  return s.url(name);
}

/**
 * A vault cluster for failover tests and the reliability harness: a PostgreSQL primary with a
 * synchronous streaming standby, vault processes on a two-host URL, and meters printing in loops.
 * `failover()` does what the operator does (docs/scale.md): the primary dies (SIGKILL of its
 * postmaster), the standby is promoted, and — no other standby being there — told to stop
 * waiting for one; `rebuildStandby()` then makes a new standby where the old primary was.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { createPrimary, createStandby, freePort, serverRoot, type LocalServer } from '../postgres/local-server.ts';
import { startTestVault, type TestVault } from './index.ts';
import { MeterClient, today } from './meter-client.ts';

export const STANDBY_NAME = 'standby1';
const PASS = 'a passphrase long enough';

async function adminSql(server: LocalServer, statements: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(server.url(), { max: 1, onnotice: () => {} });
  try {
    await statements(sql);
  } finally {
    await sql.end();
  }
}

export interface FailoverCluster {
  readonly vaults: TestVault[];
  primary(): LocalServer;
  standby(): LocalServer;
  /** SIGKILL the primary, wait `downMs`, promote the standby and let it run without one. */
  failover(downMs: number): Promise<void>;
  /** A new standby where the old primary was (same port), which the new primary waits for again. */
  rebuildStandby(): Promise<void>;
  /** A registered, funded meter on vault `i`. */
  meter(i: number, username: string, mills: number): Promise<MeterClient>;
  stop(): Promise<void>;
}

export async function startFailoverCluster(o: { vaults: number; poolSize?: number }): Promise<FailoverCluster> {
  const root = serverRoot('vbi-failover-');
  let generation = 0;
  let primary = createPrimary({ dir: join(root, 'pg-0'), port: await freePort(), synchronousStandbys: STANDBY_NAME });
  let standby = createStandby(primary, { dir: join(root, 'pg-1'), port: await freePort(), name: STANDBY_NAME });
  generation = 1;
  await adminSql(primary, (sql) => sql`CREATE DATABASE vbi`);
  const url = `postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/vbi?target_session_attrs=read-write`;
  const vaults: TestVault[] = [];
  const clients: MeterClient[] = [];
  const stop = async () => {
    for (const c of clients) c.close();
    for (const v of [...vaults].reverse()) await v.stop();
    for (const s of [standby, primary]) s.stop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    vaults.push(await startTestVault({ storage: 'postgres', databaseUrl: url, poolSize: o.poolSize ?? 8 }));
    for (let i = 1; i < o.vaults; i++) vaults.push(await startTestVault({ storage: 'postgres', join: vaults[0] as TestVault, poolSize: o.poolSize ?? 8 }));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    vaults,
    primary: () => primary,
    standby: () => standby,
    async failover(downMs) {
      primary.kill();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      standby.promote();
      await adminSql(standby, async (sql) => {
        await sql`ALTER SYSTEM SET synchronous_standby_names = ''`;
        await sql`SELECT pg_reload_conf()`;
      });
      [primary, standby] = [standby, primary];
    },
    async rebuildStandby() {
      const old = standby;
      rmSync(old.dir, { recursive: true, force: true });
      standby = createStandby(primary, { dir: join(root, `pg-${++generation}`), port: old.port, name: STANDBY_NAME });
      await adminSql(primary, async (sql) => {
        await sql.unsafe(`ALTER SYSTEM SET synchronous_standby_names = '${STANDBY_NAME}'`);
        await sql`SELECT pg_reload_conf()`;
      });
    },
    async meter(i, username, mills) {
      const v = vaults[i % vaults.length] as TestVault;
      const c = await MeterClient.connect(v.url, v.trustDir);
      clients.push(c);
      const r = await c.register(username, PASS);
      if (!r.ok) throw new Error(`register ${username}: ${r.error?.code}`);
      await v.credit(username, mills);
      const p = await c.maced('purchase', { amount: mills });
      if (!p.ok) throw new Error(`purchase ${username}: ${p.error?.code}`);
      return c;
    },
    stop,
  };
}

/** What a print loop saw: the piece numbers answered, the error codes, answers per phase. */
export interface PrintRecord {
  answered: number[];
  refused: Record<string, number>;
  servedSince: number;
}

/**
 * Each meter prints `postage` back to back until `stop()`; an error answer (which changes
 * nothing) is counted and the loop goes on after a short pause. `mark()` restarts `servedSince`.
 */
export function printLoops(meters: MeterClient[], postage: number) {
  const records: PrintRecord[] = meters.map(() => ({ answered: [], refused: {}, servedSince: 0 }));
  let stopped = false;
  const loops = meters.map(async (m, i) => {
    const rec = records[i] as PrintRecord;
    while (!stopped) {
      const x = await m.maced('indicium', { kind: 'postage', postage, rateCategory: 'FCLT', mailDate: today() });
      if (x.ok) {
        rec.answered.push(x.body?.pieceNumber as number);
        rec.servedSince++;
      } else {
        const code = x.error?.code ?? '?';
        rec.refused[code] = (rec.refused[code] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  return {
    records,
    mark: () => records.forEach((r) => (r.servedSince = 0)),
    /** Waits (up to `ms`) until every meter was served `n` times since the mark. */
    async servedAll(n: number, ms: number): Promise<boolean> {
      for (let waited = 0; waited < ms; waited += 100) {
        if (records.every((r) => r.servedSince >= n)) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    },
    async stop(): Promise<PrintRecord[]> {
      stopped = true;
      await Promise.all(loops);
      return records;
    },
  };
}

/** Every answered piece that the database lacks (the loss a failover must never cause), per meter. */
export async function lostPieces(v: TestVault, meters: MeterClient[], records: PrintRecord[]): Promise<number> {
  let lost = 0;
  for (const [i, m] of meters.entries()) {
    const rows = await v.query<{ piece_number: number }>('SELECT piece_number FROM pieces WHERE meter_id = ?', m.meterId);
    const stored = new Set(rows.map((r) => r.piece_number));
    lost += (records[i]?.answered ?? []).filter((n) => !stored.has(n)).length;
  }
  return lost;
}

export { PASS as FAILOVER_PASSPHRASE };

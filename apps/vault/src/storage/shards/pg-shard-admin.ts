/**
 * What only a sharded vault asks of its PostgreSQL databases, on connections of its own at start:
 * which shard each of this process's module serials lives on, and whether the databases hold the
 * meters the map says they do.
 *
 * Module serials stay unique across shards because they are all claimed in the home shard's
 * `modules` table (the registry, under the same advisory lock as on one database). A module
 * whose home is another shard has a row with the same serial and owner in that shard's `modules`
 * table too, and commits there (checkpoint, module table, log). No schema change: a serial
 * without a row on any other shard lives on the home shard.
 */
import type { ModuleRow } from '../storage.ts';
import { PgPrimary, type Sql } from '../postgres/pg-client.ts';
import { MODULE_CLAIM_LOCK } from '../postgres/pg-storage.ts';
import type { ShardMap } from './shard-map.ts';

export type HomedModule = ModuleRow & { shard: number };

type Row = Record<string, unknown>;
const moduleRow = (r: Row, shard: number): HomedModule => ({
  serial: r.serial as number, lastTxAt: r.last_tx_at as string | null, lastTxValue: r.last_tx_value as number | null, shard,
});

/** Runs `work` with one connection to each shard's primary, closed afterwards. */
async function withShards<T>(map: ShardMap, work: (sqls: Sql[]) => Promise<T>): Promise<T> {
  const dbs = map.shards.map((s) => new PgPrimary(s.database, { max: 1, applicationName: 'vbi-vault-shards' }));
  try {
    return await work(await Promise.all(dbs.map((db) => db.sql())));
  } finally {
    await Promise.all(dbs.map((db) => db.end()));
  }
}

/**
 * The module serials `owner` runs, `count` of them, each with its shard: those it claimed before,
 * plus new serials from the registry, each new one placed on the shard where this owner has the
 * fewest modules (so every shard gets a module once count ≥ shards).
 */
export function claimModuleHomes(map: ShardMap, owner: string, count: number): Promise<HomedModule[]> {
  return withShards(map, async (sqls) => {
    const mine = (sql: Sql) => sql`SELECT serial, last_tx_at, last_tx_value FROM modules WHERE owner = ${owner} ORDER BY serial`;
    const elsewhere = new Map<number, HomedModule>();
    for (const [i, sql] of sqls.entries()) {
      if (i > 0) for (const r of await mine(sql)) elsewhere.set(r.serial as number, moduleRow(r, i));
    }
    const home = sqls[0] as Sql;
    const { registered, added } = await home.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${MODULE_CLAIM_LOCK})`;
      const rows = [...(await tx`SELECT serial, last_tx_at, last_tx_value FROM modules WHERE owner = ${owner} ORDER BY serial`)];
      const missing = count - rows.length;
      if (missing <= 0) return { registered: rows, added: [] as number[] };
      const [top] = await tx`SELECT coalesce(max(serial), 0) AS top FROM modules`;
      const fresh = Array.from({ length: missing }, (_, i) => (top?.top as number) + 1 + i);
      const inserted = await tx`INSERT INTO modules (serial, owner, created_at)
        SELECT s, ${owner}, ${new Date().toISOString()} FROM unnest(${tx.array(fresh)}::int[]) s
        RETURNING serial, last_tx_at, last_tx_value`;
      return { registered: [...rows, ...inserted], added: fresh };
    });
    const modules = registered.slice(0, count).map((r) => elsewhere.get(r.serial as number) ?? moduleRow(r, 0));
    const perShard = map.shards.map((_, i) => modules.filter((m) => m.shard === i && !added.includes(m.serial)).length);
    for (const m of modules) {
      if (!added.includes(m.serial)) continue;
      const shard = perShard.indexOf(Math.min(...perShard));
      perShard[shard] = (perShard[shard] as number) + 1;
      m.shard = shard;
      if (shard === 0) continue;
      const made = await (sqls[shard] as Sql)`INSERT INTO modules (serial, owner, created_at)
        VALUES (${m.serial}, ${owner}, ${new Date().toISOString()}) ON CONFLICT (serial) DO NOTHING RETURNING serial`;
      if (made.length !== 1) throw new Error(`shard ${map.shards[shard]?.name}: module serial ${m.serial} exists there already (a database of another vault?)`);
    }
    return modules;
  });
}

/**
 * Refuses a map that does not match the databases: a shard holding a meter outside its range
 * (databases swapped in the map, or a range moved after meters were minted in it). Uses the
 * meters' primary key, so it costs two index probes per shard.
 */
export async function checkShardRanges(map: ShardMap): Promise<void> {
  const strays = await withShards(map, (sqls) => Promise.all(sqls.map(async (sql, i) => {
    const s = map.shards[i] as ShardMap['shards'][number];
    const after = Number.parseInt(s.to, 16) + 1;
    const [row] = await sql`SELECT
      (SELECT count(*) FROM (SELECT 1 FROM meters WHERE id < ${s.from} LIMIT 1) b) +
      ${after > 0xffff_ffff ? sql`0` : sql`(SELECT count(*) FROM (SELECT 1 FROM meters WHERE id >= ${after.toString(16).padStart(8, '0')} LIMIT 1) a)`} AS n`;
    return (row?.n as number) > 0 ? s.name : null;
  })));
  const bad = strays.filter((name) => name !== null);
  if (bad.length > 0) {
    throw new Error(`the shard map does not match the databases: shard ${bad.join(', ')} holds meters outside its range (databases swapped, or a range moved?)`);
  }
}

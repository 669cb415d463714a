/**
 * The shard map (DESIGN "Scale", docs/scale.md "Meters split across databases"): which
 * PostgreSQL database holds which meters. A meter's id is a UUID the vault chooses when it mints
 * the meter; the id's first 32 bits (its first 8 hex digits) fall in exactly one shard's range,
 * and that shard holds the meter's package, account, pieces and log entries. New meters get ids
 * inside the ranges of the shards that take new meters.
 *
 * The first shard listed is the home shard: PSD/certificate serials, the module serial registry
 * and the meter locks (BUSY across processes) live there, so they stay unique for the whole vault.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { POSTGRES_URL, redactUrl } from '../../config/postgres-url.ts';

export const SHARD_MAP_FILE = 'shards.json';

const HEX8 = /^[0-9a-f]{8}$/;

const shardSchema = z.strictObject({
  /** Names the shard in messages and its off-loaded log folder (backup/log/<name>). */
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/),
  /** First and last meter-id prefix (8 lower-case hex digits) the shard holds, inclusive. */
  from: z.string().regex(HEX8),
  to: z.string().regex(HEX8),
  /** A PostgreSQL URL (several hosts for a primary and its standby, as for `--database`). */
  database: z.string().regex(POSTGRES_URL),
  /** Whether meters minted from now on may land here. */
  newMeters: z.boolean(),
});
const mapSchema = z.strictObject({ v: z.literal(1), shards: z.array(shardSchema).min(1).max(64) });

export type Shard = z.infer<typeof shardSchema>;
export type ShardMap = z.infer<typeof mapSchema>;

const SPACE_END = 0xffff_ffff;
const prefixOf = (hex: string) => Number.parseInt(hex, 16);

/** Checks a parsed map's meaning: ranges cover 00000000–ffffffff without gap or overlap, names and databases differ, some shard takes new meters. */
export function checkShardMap(map: ShardMap): ShardMap {
  const names = new Set(map.shards.map((s) => s.name));
  if (names.size !== map.shards.length) throw new Error('shard map: two shards have the same name');
  if (new Set(map.shards.map((s) => s.database)).size !== map.shards.length) throw new Error('shard map: two shards name the same database');
  if (!map.shards.some((s) => s.newMeters)) throw new Error('shard map: no shard takes new meters');
  const sorted = [...map.shards].sort((a, b) => prefixOf(a.from) - prefixOf(b.from));
  let next = 0;
  for (const s of sorted) {
    if (prefixOf(s.from) > prefixOf(s.to)) throw new Error(`shard map: shard ${s.name} ends (${s.to}) before it starts (${s.from})`);
    if (prefixOf(s.from) !== next) {
      const what = prefixOf(s.from) > next ? 'a gap' : 'an overlap';
      throw new Error(`shard map: ${what} before shard ${s.name} (${s.from}); ranges must cover 00000000–ffffffff once`);
    }
    next = prefixOf(s.to) + 1;
  }
  if (next !== SPACE_END + 1) throw new Error('shard map: the ranges end before ffffffff');
  return map;
}

/** Parses and checks a shard map (JSON text); plain messages, never a URL's password. */
export function parseShardMap(text: string, source: string): ShardMap {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not JSON`);
  }
  const parsed = mapSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source} is not a valid shard map (${issue?.path.join('.') || 'top'}: ${issue?.message ?? 'invalid'})`);
  }
  return checkShardMap(parsed.data);
}

export function readShardMap(file: string): ShardMap {
  return parseShardMap(readFileSync(file, 'utf8'), file);
}

/** The index (in map order) of the shard that holds `meterId`. */
export function shardIndexOf(map: ShardMap, meterId: string): number {
  const prefix = prefixOf(meterId.slice(0, 8).toLowerCase());
  const at = Number.isNaN(prefix) ? -1 : map.shards.findIndex((s) => prefixOf(s.from) <= prefix && prefix <= prefixOf(s.to));
  if (at < 0) throw new Error('not a meter id');
  return at;
}

/**
 * A new meter's id: a random UUID whose first 32 bits are drawn uniformly from the ranges of the
 * shards that take new meters (so each such shard gets new meters in proportion to its range).
 */
export function newMeterId(map: ShardMap): string {
  const open = map.shards.filter((s) => s.newMeters);
  const sizes = open.map((s) => prefixOf(s.to) - prefixOf(s.from) + 1);
  const total = sizes.reduce((a, b) => a + b, 0);
  // randomInt's range is below 2^48; the space is 2^32.
  let pick = randomInt(total);
  let i = 0;
  while (pick >= (sizes[i] as number)) pick -= sizes[i++] as number;
  const prefix = (prefixOf((open[i] as Shard).from) + pick).toString(16).padStart(8, '0');
  return `${prefix}${randomUUID().slice(8)}`;
}

/** The shards for messages: name, range, database without password. */
export function describeShards(map: ShardMap): string {
  return map.shards.map((s) => `${s.name} ${s.from}–${s.to} ${redactUrl(s.database)}`).join('; ');
}

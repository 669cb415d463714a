/** The shard map: what a valid map is, which shard holds a meter id, and where new meters land. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newMeterId, parseShardMap, shardIndexOf, type ShardMap } from '../../src/storage/shards/shard-map.ts';

const shard = (name: string, from: string, to: string, newMeters = true) => ({ name, from, to, database: `postgres://vbi@db-${name}:5432/vbi`, newMeters });
const text = (shards: unknown[]) => JSON.stringify({ v: 1, shards });

const three: ShardMap = parseShardMap(text([
  shard('b', '80000000', 'bfffffff', false), shard('a', '00000000', '7fffffff'), shard('c', 'c0000000', 'ffffffff'),
]), 'map');

test('a meter id belongs to the shard whose range holds its first 32 bits (map order, any range order)', () => {
  assert.equal(shardIndexOf(three, '00000000-0000-4000-8000-000000000000'), 1);
  assert.equal(shardIndexOf(three, '7fffffff-ffff-4fff-bfff-ffffffffffff'), 1);
  assert.equal(shardIndexOf(three, '80000000-0000-4000-8000-000000000000'), 0);
  assert.equal(shardIndexOf(three, 'BFFFFFFF-0000-4000-8000-000000000000'), 0);
  assert.equal(shardIndexOf(three, 'c0000000-0000-4000-8000-000000000000'), 2);
  assert.equal(shardIndexOf(three, 'ffffffff-ffff-4fff-bfff-ffffffffffff'), 2);
  assert.throws(() => shardIndexOf(three, 'not-a-uuid'), /not a meter id/);
});

test('new meters get UUIDs inside the ranges of the shards that take new meters, on each of them', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const id = newMeterId(three);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const k = shardIndexOf(three, id);
    assert.notEqual(k, 0, 'shard b takes no new meters');
    seen.add(k);
  }
  assert.deepEqual([...seen].sort(), [1, 2]);
});

test('a map must cover 00000000–ffffffff once, with distinct names and databases, and take new meters somewhere', () => {
  const bad: Array<[unknown[], RegExp]> = [
    [[shard('a', '00000000', '7ffffffe'), shard('b', '80000000', 'ffffffff')], /a gap before shard b/],
    [[shard('a', '00000000', '80000000'), shard('b', '80000000', 'ffffffff')], /an overlap before shard b/],
    [[shard('a', '00000001', 'ffffffff')], /a gap before shard a/],
    [[shard('a', '00000000', 'fffffff0')], /end before ffffffff/],
    [[shard('a', '00000000', '7fffffff'), { ...shard('a', '80000000', 'ffffffff'), database: 'postgres://x/y' }], /same name/],
    [[shard('a', '00000000', '7fffffff'), { ...shard('b', '80000000', 'ffffffff'), database: shard('a', '', '').database }], /same database/],
    [[shard('a', '00000000', 'ffffffff', false)], /no shard takes new meters/],
    [[shard('a', '80000000', '7fffffff')], /ends \(7fffffff\) before it starts/],
    [[{ ...shard('a', '00000000', 'ffffffff'), database: 'mysql://x' }], /not a valid shard map \(shards\.0\.database/],
    [[shard('A', '00000000', 'ffffffff')], /not a valid shard map \(shards\.0\.name/],
  ];
  for (const [shards, message] of bad) assert.throws(() => parseShardMap(text(shards), 'map'), message, JSON.stringify(shards));
  assert.throws(() => parseShardMap('{', 'map.json'), /map\.json is not JSON/);
});

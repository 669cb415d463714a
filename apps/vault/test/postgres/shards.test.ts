/**
 * Meters split across PostgreSQL databases (shard map): two shards, here two databases on the
 * test's one PostgreSQL server (each shard has its own connections, commit queue, checkpoints and
 * log chain, exactly as on two servers). New meters land on both shards inside their ranges; every
 * row of a meter is on its shard; each module commits to one shard; status, credit and verify-log
 * cover both; BUSY holds across shards (one lock session on the home shard); a shard that goes away
 * stops only its own meters, and they are served again when it is back.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import postgres from 'postgres';
import { REPO_ROOT } from '../../src/config/paths.ts';
import { databasesOf, type SingleDatabase } from '../../src/config/vault-config.ts';
import { lockKey } from '../../src/storage/postgres/pg-meter-locks.ts';
import { shardIndexOf, type ShardMap } from '../../src/storage/shards/shard-map.ts';
import { MeterClient, queryDatabase, startTestVault, today, type TestVault } from '../../src/testing/index.ts';

const PASS = 'a passphrase long enough';
let v: TestVault;
let map: ShardMap;
let shards: SingleDatabase[];
const clients: MeterClient[] = [];
const meters = new Map<string, MeterClient>();

const urlOf = (k: number) => (shards[k] as { url: string }).url;
const q = <T>(k: number, text: string, ...params: unknown[]) => queryDatabase<T>(shards[k] as SingleDatabase, text, params);
const postage = (amount: number) => ({ kind: 'postage', postage: amount, rateCategory: 'FCLT', mailDate: today() }) as const;

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'apps/vault/src/cli/main.ts'), ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000,
  });
}

async function account(name: string, funds: number): Promise<MeterClient> {
  const c = await MeterClient.connect(v.url, v.trustDir);
  clients.push(c);
  assert.equal((await c.register(name, PASS)).ok, true);
  await v.credit(name, funds);
  assert.equal((await c.maced('purchase', { amount: funds })).ok, true);
  meters.set(name, c);
  return c;
}

before(async () => {
  v = await startTestVault({ storage: 'postgres', shards: 2, modules: 2, poolSize: 6 });
  assert.equal(v.database.kind, 'sharded');
  if (v.database.kind === 'sharded') map = v.database.map;
  shards = databasesOf(v.database).map((d) => d.database);
  // Registrations draw pool meters from both shards; keep going until each shard has accounts.
  for (let i = 0; i < 12; i++) {
    const c = await account(`shard.${i}`, 10_000);
    for (let n = 0; n < 2; n++) assert.equal((await c.maced('indicium', postage(100))).ok, true);
    const on = new Set([...meters.values()].map((m) => shardIndexOf(map, m.meterId)));
    if (i >= 5 && on.size === 2) break;
  }
});
after(async () => {
  for (const c of clients) c.close();
  await v?.stop();
});

test("new meters land on both shards inside their ranges, and each meter's rows are on its shard only", async () => {
  for (const [k, shard] of map.shards.entries()) {
    const ids = await q<{ id: string }>(k, 'SELECT id FROM meters');
    assert.ok(ids.length > 0, `shard ${shard.name} holds meters`);
    for (const { id } of ids) assert.equal(shardIndexOf(map, id), k, `meter ${id} lies in shard ${shard.name}'s range`);
  }
  const onShard = [0, 0];
  for (const [name, c] of meters) {
    const k = shardIndexOf(map, c.meterId);
    onShard[k]!++;
    const other = 1 - k;
    const count = async (s: number, table: string) =>
      Number((await q<{ n: number }>(s, `SELECT count(*) AS n FROM ${table} WHERE meter_id = ?`, c.meterId))[0]?.n);
    assert.equal(await count(k, 'pieces'), 2, `${name}: pieces on its shard`);
    assert.equal(await count(k, 'tx_log'), 3, `${name}: purchase + 2 indicia in its shard's log`);
    assert.equal(await count(k, 'packages'), 1);
    for (const table of ['pieces', 'tx_log', 'packages']) assert.equal(await count(other, table), 0, `${name}: no ${table} on the other shard`);
    const [acc] = await q<{ username: string }>(k, 'SELECT a.username FROM accounts a JOIN meters m ON m.account_id = a.id WHERE m.id = ?', c.meterId);
    assert.equal(acc?.username, name);
  }
  assert.ok(onShard[0]! > 0 && onShard[1]! > 0, `accounts on both shards: ${onShard}`);
});

test("each module commits to one shard: its checkpoint, module row and log entries are there; serials are unique", async () => {
  const homes: number[][] = [];
  for (let k = 0; k < 2; k++) {
    const checkpoints = (await q<{ module_serial: number }>(k, 'SELECT module_serial FROM checkpoints')).map((r) => r.module_serial);
    const logged = (await q<{ module_serial: number }>(k, 'SELECT DISTINCT module_serial FROM tx_log')).map((r) => r.module_serial);
    assert.deepEqual([...logged].sort(), [...checkpoints].sort(), `shard ${k}: the modules in its log are the ones checkpointed there`);
    const touched = (await q<{ serial: number }>(k, 'SELECT serial FROM modules WHERE last_tx_at IS NOT NULL')).map((r) => r.serial);
    assert.deepEqual(touched.sort(), [...checkpoints].sort(), `shard ${k}: module rows with a last transaction are its own modules'`);
    homes.push(checkpoints);
  }
  assert.equal(homes[0]!.length, 1);
  assert.equal(homes[1]!.length, 1);
  assert.notEqual(homes[0]![0], homes[1]![0]);
  // The home shard registers every serial; the other shard holds its own module's row.
  assert.deepEqual((await q<{ serial: number }>(0, 'SELECT serial FROM modules ORDER BY serial')).map((r) => r.serial), [1, 2]);
  assert.deepEqual((await q<{ serial: number }>(1, 'SELECT serial FROM modules')).map((r) => r.serial), homes[1]);
});

test('status sums both shards; verify-log checks each chain; credit finds the account on its shard', async () => {
  const status = cli('status', '--data', v.dataDir, '--json');
  assert.equal(status.status, 0, status.stderr);
  const s = JSON.parse(status.stdout) as { accounts: number; pieces: number; modules: Array<{ serial: number; lastTxAt: string | null }> };
  assert.equal(s.accounts, meters.size);
  assert.equal(s.pieces, 2 * meters.size);
  assert.deepEqual(s.modules.map((m) => m.serial), [1, 2]);
  assert.ok(s.modules.every((m) => m.lastTxAt !== null), 'each module row from its own shard');

  const [name, c] = [...meters].find(([, m]) => shardIndexOf(map, m.meterId) === 1) as [string, MeterClient];
  const credited = cli('credit', '--data', v.dataDir, '--user', name, '--amount', '2500');
  assert.equal(credited.status, 0, credited.stderr);
  assert.match(credited.stdout, /funds now \$2\.500 \(2500 mills\)/);
  assert.equal((await c.maced('purchase', { amount: 2500 })).ok, true);
  assert.equal(cli('credit', '--data', v.dataDir, '--user', 'nobody.here', '--amount', '1').status, 1);

  const verified = cli('verify-log', '--data', v.dataDir);
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  for (const shard of map.shards) assert.match(verified.stdout, new RegExp(`shard ${shard.name} database log: [1-9]\\d* entries verified, chain intact`));
});

test('a second vault process on the same shards runs serials 3 and 4, one per shard, and serves meters of both', async () => {
  const w = await startTestVault({ join: v, modules: 2, poolSize: 2 });
  try {
    const homes = await Promise.all([0, 1].map(async (k) => (await q<{ serial: number }>(k, 'SELECT serial FROM modules WHERE serial > 2')).map((r) => r.serial)));
    assert.deepEqual(homes[0], [3, 4], 'the home shard registers both');
    assert.equal(homes[1]!.length, 1, 'one of them lives on the second shard');
    for (const k of [0, 1]) {
      const [name, c] = [...meters].find(([, m]) => shardIndexOf(map, m.meterId) === k) as [string, MeterClient];
      const there = await MeterClient.connect(w.url, w.trustDir);
      clients.push(there);
      assert.equal((await there.login(name, PASS, c.hmk)).ok, true);
      assert.equal((await there.maced('indicium', postage(100))).ok, true, `shard ${k}'s meter served by the second process`);
      c.challenge = there.challenge;
      c.registers = there.registers;
    }
  } finally {
    await w.stop();
  }
});

test("BUSY across shards: a meter's lock is taken in the home shard's lock session, whichever shard holds it", async () => {
  const [, c] = [...meters].find(([, m]) => shardIndexOf(map, m.meterId) === 1) as [string, MeterClient];
  const holder = postgres(urlOf(0), { max: 1, onnotice: () => {} });
  try {
    const lock = await holder.reserve();
    await lock`SELECT pg_advisory_lock(${lockKey(c.meterId)}::bigint)`;
    assert.equal((await c.maced('indicium', postage(100))).error?.code, 'BUSY');
    await lock`SELECT pg_advisory_unlock(${lockKey(c.meterId)}::bigint)`;
    lock.release();
  } finally {
    await holder.end();
  }
  assert.equal((await c.maced('indicium', postage(100))).ok, true);
});

test('a shard that goes away stops only its own meters; they are served again when it is back', async () => {
  const pick = (k: number) => [...meters.values()].find((m) => shardIndexOf(map, m.meterId) === k) as MeterClient;
  const [up, down] = [pick(0), pick(1)];
  const name = new URL(urlOf(1)).pathname.slice(1);
  const admin = postgres(urlOf(0), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${name}`;
    const refused = await down.maced('indicium', postage(100));
    assert.equal(refused.error?.code, 'MODULE_UNAVAILABLE', JSON.stringify(refused.error));
    assert.equal((await up.maced('indicium', postage(100))).ok, true, 'the other shard serves on');
  } finally {
    await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await admin.end();
  }
  let served = false;
  for (let i = 0; i < 30 && !served; i++) {
    const a = await down.maced('indicium', postage(100));
    served = a.ok;
    if (!served) {
      assert.ok(['MODULE_UNAVAILABLE', 'INTERNAL'].includes(a.error?.code ?? ''), JSON.stringify(a.error));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  assert.ok(served, 'the shard serves again');
  const [row] = await q<{ n: number }>(1, 'SELECT count(*) AS n FROM pieces WHERE meter_id = ?', down.meterId);
  assert.equal(Number(row?.n), 5, 'two at the start, one on the second process, one in the BUSY test, one now: none lost, none extra');
});

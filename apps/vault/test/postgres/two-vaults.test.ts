/**
 * Two vault processes on one PostgreSQL database, each with its own data folder (`init --join`):
 * module serials unique across them, BUSY across processes (advisory locks), the same meter served
 * by both at once without a double spend, registrations on both drawing distinct pool meters, and
 * a second `start` on a data folder in use refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import postgres from 'postgres';
import { REPO_ROOT } from '../../src/config/paths.ts';
import { lockKey } from '../../src/storage/postgres/pg-meter-locks.ts';
import { MeterClient, startTestVault, today, type Answer, type TestVault } from '../../src/testing/index.ts';

const PASS = 'a passphrase long enough';
let a: TestVault;
let b: TestVault;
const clients: MeterClient[] = [];

before(async () => {
  a = await startTestVault({ storage: 'postgres', poolSize: 4 });
  b = await startTestVault({ storage: 'postgres', poolSize: 4, join: a });
});
after(async () => {
  for (const c of clients) c.close();
  await b?.stop();
  await a?.stop();
});

async function client(v: TestVault): Promise<MeterClient> {
  const c = await MeterClient.connect(v.url, v.trustDir);
  clients.push(c);
  return c;
}

/** A meter registered on vault A, funded, and logged in on vault B too; both clients share its mirror. */
async function meterOnBoth(name: string, funds: number): Promise<[MeterClient, MeterClient]> {
  const onA = await client(a);
  assert.equal((await onA.register(name, PASS)).ok, true);
  await a.credit(name, funds);
  assert.equal((await onA.maced('purchase', { amount: funds })).ok, true);
  const onB = await client(b);
  assert.equal((await onB.login(name, PASS, onA.hmk)).ok, true);
  onA.challenge = onB.challenge;
  return [onA, onB];
}

const postage = (amount: number) => ({ kind: 'postage', postage: amount, rateCategory: 'FCLT', mailDate: today() }) as const;

test('each process runs module serials of its own, claimed in the database', async () => {
  const rows = await a.query<{ serial: number; owner: string }>('SELECT serial, owner FROM modules ORDER BY serial');
  assert.deepEqual(rows.map((r) => r.serial), [1, 2, 3, 4]);
  assert.equal(new Set(rows.map((r) => r.owner)).size, 2, 'two owners');
  assert.equal(rows[0]?.owner, rows[1]?.owner);
  const serials = async (v: TestVault) => {
    const health = (await (await fetch(`${v.httpUrl}/v1/health`)).json()) as { modules: Array<{ serial: number }> };
    return health.modules.map((m) => m.serial);
  };
  const [sa, sb] = [await serials(a), await serials(b)];
  assert.equal(new Set([...sa, ...sb]).size, 4, `A runs ${sa}, B runs ${sb}`);
});

test("a meter whose lock is held anywhere gets BUSY from either process; once it is free, both serve it", async () => {
  const [onA, onB] = await meterOnBoth('busy.both', 5000);
  const holder = postgres(a.database.kind === 'postgres' ? a.database.url : '', { max: 1, onnotice: () => {} });
  try {
    const lock = await holder.reserve();
    await lock`SELECT pg_advisory_lock(${lockKey(onA.meterId)}::bigint)`;
    assert.equal((await onA.maced('indicium', postage(100))).error?.code, 'BUSY', 'vault A');
    assert.equal((await onB.maced('indicium', postage(100))).error?.code, 'BUSY', 'vault B');
    await lock`SELECT pg_advisory_unlock(${lockKey(onA.meterId)}::bigint)`;
    lock.release();
  } finally {
    await holder.end();
  }
  assert.equal((await onB.maced('indicium', postage(100))).ok, true);
  onA.challenge = onB.challenge;
  onA.registers = onB.registers;
  assert.equal((await onA.maced('indicium', postage(100))).ok, true);
});

test('the same request sent to both processes at once is served at most once (no double spend)', async () => {
  const [onA, onB] = await meterOnBoth('race.both', 100_000);
  let served = 0;
  const refusals: Record<string, number> = {};
  for (let round = 0; round < 40; round++) {
    const { body, mac } = onA.build('indicium', postage(100));
    const answers: Answer[] = await Promise.all([onA.send('indicium', body, mac), onB.send('indicium', body, mac)]);
    const ok = answers.filter((x) => x.ok);
    assert.ok(ok.length <= 1, `round ${round}: one challenge, ${ok.length} indicia`);
    for (const x of answers) if (!x.ok) refusals[x.error?.code ?? '?'] = (refusals[x.error?.code ?? '?'] ?? 0) + 1;
    const winner = answers.findIndex((x) => x.ok);
    if (winner >= 0) {
      const [w, other] = winner === 0 ? [onA, onB] : [onB, onA];
      w.accept('indicium', answers[winner] as Answer, body.clientNonce);
      other.challenge = w.challenge;
      other.registers = w.registers;
      served++;
    }
  }
  assert.ok(served > 0);
  assert.deepEqual(Object.keys(refusals).filter((c) => c !== 'BUSY' && c !== 'STALE_CHALLENGE'), [], JSON.stringify(refusals));
  assert.deepEqual(onA.registers, { ar: served * 100, dr: 100_000 - served * 100 });
  const [row] = await a.query<{ n: number }>('SELECT count(*) AS n FROM pieces WHERE meter_id = ?', onA.meterId);
  assert.equal(row?.n, served, 'one piece per answered indicium');
  const check = await client(b);
  assert.equal((await check.login('race.both', PASS, onA.hmk)).ok, true);
  assert.deepEqual(check.registers, onA.registers, 'the vault agrees with the mirror');
});

test('registrations on both processes at once draw distinct pool meters; a username is taken once', async () => {
  const names = Array.from({ length: 12 }, (_, i) => `pool.${i}`);
  const answers = await Promise.all(names.map(async (name, i) => (await client(i % 2 === 0 ? a : b)).register(name, PASS)));
  assert.deepEqual(answers.map((x) => x.error?.code ?? 'ok'), names.map(() => 'ok'));
  const meters = answers.map((x) => x.body?.meterId);
  assert.equal(new Set(meters).size, names.length, 'every account has a meter of its own');
  const same = await Promise.all([client(a), client(b)]);
  const twice = await Promise.all(same.map((c) => c.register('same.name', PASS)));
  assert.deepEqual(twice.map((x) => x.error?.code ?? 'ok').sort(), ['ALREADY_EXISTS', 'ok']);
});

test('a second start on a data folder in use is refused with a clear message', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'apps/vault/src/cli/main.ts'), 'start', '--dev', '--data', a.dataDir, '--port', '0'], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000,
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /is in use by vault process \d+: stop it first/);
});

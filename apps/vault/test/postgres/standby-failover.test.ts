/**
 * A synchronous hot standby (SPEC §4.4 on two machines): PostgreSQL primary + streaming standby
 * named in synchronous_standby_names. No answer leaves while the standby is away; when the
 * primary dies under load, the standby is promoted, both vault processes (multi-host URL) go on
 * against it, and no answered transaction is lost.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import postgres from 'postgres';
import { createPrimary, createStandby, freePort, serverRoot, type LocalServer } from '../../src/postgres/local-server.ts';
import { MeterClient, startTestVault, today, type Answer, type TestVault } from '../../src/testing/index.ts';
import { vaultCli } from '../backup/cli-run.ts';

const PASS = 'a passphrase long enough';
const root = serverRoot('vbi-standby-');
let primary: LocalServer;
let standby: LocalServer;
let a: TestVault;
let b: TestVault;
const clients: MeterClient[] = [];

/** The operator's step once the standby has taken over and no other standby is attached (docs/scale.md). */
async function runWithoutStandby(server: LocalServer): Promise<void> {
  const sql = postgres(server.url(), { max: 1, onnotice: () => {} });
  try {
    await sql`ALTER SYSTEM SET synchronous_standby_names = ''`;
    await sql`SELECT pg_reload_conf()`;
  } finally {
    await sql.end();
  }
}

before(async () => {
  primary = createPrimary({ dir: join(root, 'primary'), port: await freePort(), synchronousStandbys: 'standby1' });
  standby = createStandby(primary, { dir: join(root, 'standby'), port: await freePort(), name: 'standby1' });
  const admin = postgres(primary.url(), { max: 1, onnotice: () => {} });
  await admin`CREATE DATABASE vbi`;
  await admin.end();
  const url = `postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/vbi?target_session_attrs=read-write`;
  a = await startTestVault({ storage: 'postgres', databaseUrl: url, poolSize: 8 });
  b = await startTestVault({ storage: 'postgres', join: a, poolSize: 8 });
});
after(async () => {
  if (process.env.VBI_DEBUG_OUT) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${process.env.VBI_DEBUG_OUT}-a.log`, a.output());
    writeFileSync(`${process.env.VBI_DEBUG_OUT}-b.log`, b.output());
  }
  for (const c of clients) c.close();
  await b?.stop();
  await a?.stop();
  standby?.stop();
  primary?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function funded(v: TestVault, name: string, mills: number): Promise<MeterClient> {
  const c = await MeterClient.connect(v.url, v.trustDir);
  clients.push(c);
  assert.equal((await c.register(name, PASS)).ok, true);
  await v.credit(name, mills);
  assert.equal((await c.maced('purchase', { amount: mills })).ok, true);
  return c;
}

const postage = (amount: number) => ({ kind: 'postage', postage: amount, rateCategory: 'FCLT', mailDate: today() }) as const;

test('with the synchronous standby away, an indicium is not answered until the standby has it', async () => {
  const m = await funded(a, 'sync.wait', 1000);
  standby.stop();
  let answer: Answer | null = null;
  const pending = m.maced('indicium', postage(300)).then((x) => (answer = x));
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal(answer, null, 'no answer while the commit is on one machine only');
  const [seen] = await a.query<{ n: number }>('SELECT count(*) AS n FROM pieces WHERE meter_id = ?', m.meterId);
  assert.equal(seen?.n, 0, 'nor is the piece visible to anyone');
  standby.start();
  const done = await pending;
  assert.equal(done.ok, true, JSON.stringify(done.error));
  assert.deepEqual(m.registers, { ar: 300, dr: 700 });
});

test('failover under load: SIGKILL the primary, promote the standby; every answered transaction is there and both vaults serve again', async () => {
  const meters = await Promise.all(Array.from({ length: 6 }, (_, i) => funded(i % 2 === 0 ? a : b, `fail.${i}`, 1_000_000)));
  const answered = meters.map(() => [] as number[]);
  const refused: Record<string, number> = {};
  let phase: 'before' | 'down' | 'after' = 'before';
  const servedAfter = meters.map(() => 0);
  let stop = false;
  const loops = meters.map(async (m, i) => {
    while (!stop) {
      const x = await m.maced('indicium', postage(100));
      if (x.ok) {
        answered[i]?.push(x.body?.pieceNumber as number);
        if (phase === 'after') servedAfter[i] = (servedAfter[i] ?? 0) + 1;
      } else {
        refused[x.error?.code ?? '?'] = (refused[x.error?.code ?? '?'] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  primary.kill();
  phase = 'down';
  await new Promise((resolve) => setTimeout(resolve, 3000));
  standby.promote();
  await runWithoutStandby(standby);
  phase = 'after';
  for (let i = 0; i < 600 && servedAfter.some((n) => n < 3); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  stop = true;
  await Promise.all(loops);

  assert.ok(servedAfter.every((n) => n >= 3), `every meter served after the failover: ${servedAfter}\n${a.output().slice(-3000)}`);
  assert.deepEqual(Object.keys(refused).filter((c) => !['MODULE_UNAVAILABLE', 'INTERNAL', 'BUSY'].includes(c)), [], JSON.stringify(refused));
  for (const [i, m] of meters.entries()) {
    const pieces = await b.query<{ piece_number: number }>('SELECT piece_number FROM pieces WHERE meter_id = ? ORDER BY piece_number', m.meterId);
    const stored = new Set(pieces.map((p) => p.piece_number));
    const lost = (answered[i] ?? []).filter((n) => !stored.has(n));
    assert.deepEqual(lost, [], `meter ${i}: answered pieces missing after the failover`);
    assert.equal(pieces.length, answered[i]?.length, `meter ${i}: an error answer changed nothing`);
    const again = await MeterClient.connect((i % 2 === 0 ? b : a).url, a.trustDir);
    clients.push(again);
    assert.equal((await again.login(`fail.${i}`, PASS, m.hmk)).ok, true, 'clients reconcile by logging in again');
    assert.deepEqual(again.registers, m.registers, `meter ${i}: the vault's registers are the client's mirror`);
    assert.equal(again.registers.ar + again.registers.dr, 1_000_000, 'AR + DR = downloads');
  }
  const verified = await vaultCli(['verify-log', '--data', a.dataDir]);
  assert.equal(verified.code, 0, verified.out + verified.err);
  assert.match(verified.out, /database log: \d+ entries verified, chain intact/);
});

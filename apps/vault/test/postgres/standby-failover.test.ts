/**
 * A synchronous hot standby (SPEC §4.4 on two machines): PostgreSQL primary + streaming standby
 * named in synchronous_standby_names. No answer leaves while the standby is away; when the
 * primary dies under load, the standby is promoted, both vault processes (two-host URL) go on
 * against it, and no answered transaction is lost.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FAILOVER_PASSPHRASE, lostPieces, printLoops, startFailoverCluster, type FailoverCluster } from '../../src/testing/failover.ts';
import { MeterClient, today, type Answer } from '../../src/testing/index.ts';
import { vaultCli } from '../backup/cli-run.ts';

let cluster: FailoverCluster;
const clients: MeterClient[] = [];

before(async () => {
  cluster = await startFailoverCluster({ vaults: 2 });
});
after(async () => {
  for (const c of clients) c.close();
  await cluster?.stop();
});

test('with the synchronous standby away, an indicium is not answered until the standby has it', async () => {
  const [a] = cluster.vaults;
  const m = await cluster.meter(0, 'sync.wait', 1000);
  cluster.standby().stop();
  let answer: Answer | null = null;
  const pending = m.maced('indicium', { kind: 'postage', postage: 300, rateCategory: 'FCLT', mailDate: today() }).then((x) => (answer = x));
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.equal(answer, null, 'no answer while the commit is on one machine only');
  const [seen] = (await a?.query<{ n: number }>('SELECT count(*) AS n FROM pieces WHERE meter_id = ?', m.meterId)) ?? [];
  assert.equal(seen?.n, 0, 'nor is the piece visible to anyone');
  cluster.standby().start();
  const done = await pending;
  assert.equal(done.ok, true, JSON.stringify(done.error));
  assert.deepEqual(m.registers, { ar: 300, dr: 700 });
});

test('failover under load: SIGKILL the primary, promote the standby; every answered transaction is there and both vaults serve again', async () => {
  const [a, b] = cluster.vaults as [NonNullable<(typeof cluster.vaults)[0]>, NonNullable<(typeof cluster.vaults)[0]>];
  const meters = await Promise.all(Array.from({ length: 6 }, (_, i) => cluster.meter(i, `fail.${i}`, 1_000_000)));
  const load = printLoops(meters, 100);
  assert.equal(await load.servedAll(5, 60_000), true, 'printing before the failover');
  await cluster.failover(3000);
  load.mark();
  const servedAgain = await load.servedAll(3, 60_000);
  const records = await load.stop();
  assert.ok(servedAgain, `every meter served after the failover: ${records.map((r) => r.servedSince)}`);
  const codes = new Set(records.flatMap((r) => Object.keys(r.refused)));
  assert.deepEqual([...codes].filter((c) => !['MODULE_UNAVAILABLE', 'INTERNAL', 'BUSY'].includes(c)), [], 'only "try again" refusals');
  assert.equal(await lostPieces(b, meters, records), 0, 'answered pieces missing after the failover');
  for (const [i, m] of meters.entries()) {
    const rows = await a.query<{ n: number }>('SELECT count(*) AS n FROM pieces WHERE meter_id = ?', m.meterId);
    assert.equal(rows[0]?.n, records[i]?.answered.length, `meter ${i}: an error answer changed nothing`);
    const v = i % 2 === 0 ? b : a;
    const again = await MeterClient.connect(v.url, v.trustDir);
    clients.push(again);
    assert.equal((await again.login(`fail.${i}`, FAILOVER_PASSPHRASE, m.hmk)).ok, true, 'clients reconcile by logging in again');
    assert.deepEqual(again.registers, m.registers, `meter ${i}: the vault's registers are the client's mirror`);
    assert.equal(again.registers.ar + again.registers.dr, 1_000_000, 'AR + DR = downloads');
  }
  const verified = await vaultCli(['verify-log', '--data', a.dataDir]);
  assert.equal(verified.code, 0, verified.out + verified.err);
  assert.match(verified.out, /database log: \d+ entries verified, chain intact/);
});

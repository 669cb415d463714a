import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startTestVault, type TestVault } from '../src/testing/index.ts';
import { query, restoreSnapshot, snapshot } from './helpers/db.ts';
import { MeterClient, today } from '../src/testing/meter-client.ts';

const PASS = 'checkpoint passphrase';
const cleanup: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
});

async function started(opts: Parameters<typeof startTestVault>[0]): Promise<TestVault> {
  const v = await startTestVault(opts);
  cleanup.push(() => v.stop());
  return v;
}

async function client(v: TestVault): Promise<MeterClient> {
  const c = await MeterClient.connect(v.url, v.trustDir);
  cleanup.push(() => c.close());
  return c;
}

interface Audit { event: string; meter_id: string | null; detail: string | null }
const audits = (v: TestVault) => query<Audit>(v.dataDir, 'SELECT event, meter_id, detail FROM audit_log ORDER BY id');

test('database rolled back by one, two, three batches: auto-recover, auto-recover, inhibit', async () => {
  const work = mkdtempSync(join(tmpdir(), 'vbi-chk-'));
  cleanup.push(() => rmSync(work, { recursive: true, force: true }));
  const v = await started({ modules: 1 });
  const c = await client(v);
  assert.equal((await c.register('chk-user', PASS)).ok, true); // batch 1
  await v.credit('chk-user', 10_000);
  assert.equal((await c.maced('purchase', { amount: 10_000 })).ok, true); // batch 2
  const registersAfter: Array<{ ar: number; dr: number }> = [];
  for (let i = 0; i < 3; i++) {
    await snapshot(v.dataDir, join(work, `snap-${i}.sqlite`)); // before batch 3 + i
    registersAfter.push({ ...c.registers });
    const r = await c.maced('indicium', { kind: 'postage', postage: 100, rateCategory: 'FCLT', mailDate: today() });
    assert.equal(r.ok, true);
  }
  c.close();
  await v.kill('SIGTERM');
  const stopped = join(work, 'stopped');
  cpSync(v.dataDir, stopped, { recursive: true });

  // snap-2 lacks the last batch, snap-1 the last two, snap-0 the last three.
  for (const [rolledBack, snap] of [[1, 'snap-2'], [2, 'snap-1']] as const) {
    const copy = join(work, `copy-${rolledBack}`);
    cpSync(stopped, copy, { recursive: true });
    await restoreSnapshot(copy, join(work, `${snap}.sqlite`));
    const r = await started({ modules: 1, copyOf: copy });
    const health = (await (await fetch(`${r.httpUrl}/v1/health`)).json()) as { halted: boolean };
    assert.equal(health.halted, false, `rolled back by ${rolledBack}: not halted`);
    const events = audits(r);
    assert.equal(events.filter((e) => e.event === 'auto-recover').length, 1);
    const discarded = events.filter((e) => e.event === 'auto-recover-discarded');
    assert.equal(discarded.length, rolledBack, 'one audit record per discarded transaction');
    assert.ok(discarded.every((e) => JSON.parse(e.detail ?? '{}').op === 'indicium'));
    const again = await client(r);
    const login = await again.login('chk-user', PASS, c.hmk);
    assert.equal(login.ok, true, JSON.stringify(login.error));
    assert.deepEqual(again.registers, registersAfter[3 - rolledBack]);
    const more = await again.maced('indicium', { kind: 'postage', postage: 100, rateCategory: 'FCLT', mailDate: today() });
    assert.equal(more.ok, true, 'value transactions go on after auto-recover');
  }

  const copy = join(work, 'copy-3');
  cpSync(stopped, copy, { recursive: true });
  await restoreSnapshot(copy, join(work, 'snap-0.sqlite'));
  const r = await started({ modules: 1, copyOf: copy });
  const health = (await (await fetch(`${r.httpUrl}/v1/health`)).json()) as { halted: boolean; modules: Array<{ state: string }> };
  assert.equal(health.halted, true);
  assert.equal(health.modules[0]?.state, 'inhibited');
  assert.ok(audits(r).some((e) => e.event === 'checkpoint-mismatch'));
  const again = await client(r);
  const login = await again.login('chk-user', PASS, c.hmk);
  assert.equal(login.error?.code, 'MODULE_UNAVAILABLE', 'an inhibited module serves nothing');
});

test('a crash between the module memory write and the commit auto-recovers on restart', async () => {
  const v = await started({ modules: 1, env: { VBI_FAULT: 'exit-after-module-write:3' } });
  const c = await client(v);
  assert.equal((await c.register('crash-user', PASS)).ok, true);
  await v.credit('crash-user', 5000);
  assert.equal((await c.maced('purchase', { amount: 5000 })).ok, true);
  const closed = new Promise<void>((resolve) => c.ws.once('close', () => resolve()));
  const { body, mac } = c.build('indicium', { kind: 'postage', postage: 100, rateCategory: 'FCLT', mailDate: today() });
  void c.send('indicium', body, mac);
  await closed;
  assert.equal(await v.kill('SIGKILL'), 75, 'the fault exited the vault before the commit');
  await v.restart({ VBI_FAULT: '' });
  const events = audits(v);
  assert.ok(events.some((e) => e.event === 'auto-recover'));
  assert.ok(events.some((e) => e.event === 'auto-recover-discarded' && JSON.parse(e.detail ?? '{}').op === 'indicium'));
  const again = await client(v);
  assert.equal((await again.login('crash-user', PASS, c.hmk)).ok, true);
  assert.deepEqual(again.registers, { ar: 0, dr: 5000 }, 'the unanswered indicium never happened');
  assert.equal((await again.maced('indicium', { kind: 'postage', postage: 100, rateCategory: 'FCLT', mailDate: today() })).ok, true);
});

test('SIGKILL right after an answer: after restart the registers are what was answered', async () => {
  const v = await started({ modules: 2 });
  const c = await client(v);
  assert.equal((await c.register('kill-user', PASS)).ok, true);
  await v.credit('kill-user', 9000);
  assert.equal((await c.maced('purchase', { amount: 9000 })).ok, true);
  const r = await c.maced('indicium', { kind: 'postage', postage: 730, rateCategory: 'FCLT', mailDate: today() });
  assert.equal(r.ok, true);
  await v.kill('SIGKILL');
  await v.restart();
  const again = await client(v);
  const login = await again.login('kill-user', PASS, c.hmk);
  assert.equal(login.ok, true);
  assert.deepEqual(again.registers, { ar: 730, dr: 8270 });
  assert.equal((login.body as { pieces: number }).pieces, 1);
  const piece = await again.maced('piece', { pieceNumber: 1 });
  assert.equal(piece.body?.indicium, r.body?.indicium);
});

test('a flipped byte in a sealed package, or swapped rows, are refused', async () => {
  const v = await started({ modules: 2 });
  const a = await client(v);
  const b = await client(v);
  assert.equal((await a.register('tamper-a', PASS)).ok, true);
  assert.equal((await b.register('tamper-b', PASS)).ok, true);
  const { exec } = await import('./helpers/db.ts');
  // Flip one byte of a's package.
  const [row] = query<{ package: Buffer }>(v.dataDir, 'SELECT package FROM packages WHERE meter_id = ?', a.meterId);
  const flipped = Buffer.from(row!.package);
  flipped[40] = (flipped[40] ?? 0) ^ 1;
  exec(v.dataDir, 'UPDATE packages SET package = ? WHERE meter_id = ?', flipped, a.meterId);
  const refusedA = await a.maced('audit', {});
  assert.equal(refusedA.error?.code, 'METER_NOT_OPERATIONAL');
  // Put b's (authentic) package into a's row: it is sealed to b's meter id.
  const [rowB] = query<{ package: Buffer }>(v.dataDir, 'SELECT package FROM packages WHERE meter_id = ?', b.meterId);
  exec(v.dataDir, 'UPDATE packages SET package = ? WHERE meter_id = ?', rowB!.package, a.meterId);
  assert.equal((await a.maced('audit', {})).error?.code, 'METER_NOT_OPERATIONAL');
  assert.ok(audits(v).some((e) => e.event === 'package-refused' && e.meter_id === a.meterId));
  assert.equal((await b.maced('audit', {})).ok, true, 'the other meter is untouched');
});

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startTestVault, type TestVault } from '../src/testing/index.ts';
import { query } from './helpers/db.ts';
import { MeterClient, today } from '../src/testing/meter-client.ts';

let vault: TestVault | undefined;
const clients: MeterClient[] = [];
after(async () => {
  for (const c of clients) c.close();
  await vault?.stop();
});

/** A small seeded PRNG so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test('after a random workload AR + DR = downloads + refunds for every meter, and the log agrees', async () => {
  vault = await startTestVault({ modules: 2, poolSize: 6 });
  const v = vault;
  const rnd = prng(20261124);
  const meters = await Promise.all(Array.from({ length: 6 }, async (_, i) => {
    const c = await MeterClient.connect(v.url, v.trustDir);
    clients.push(c);
    assert.equal((await c.register(`inv-${i}`, 'invariant passphrase')).ok, true);
    await v.credit(`inv-${i}`, 50_000);
    return { c, downloaded: 0, refunded: 0, pieces: [] as Array<{ n: number; postage: number; refunded: boolean }> };
  }));
  await Promise.all(meters.map(async (m) => {
    for (let step = 0; step < 25; step++) {
      const r = rnd();
      if (r < 0.25) {
        const amount = 1 + Math.floor(rnd() * 3000);
        const a = await m.c.maced('purchase', { amount });
        if (a.ok) m.downloaded += amount;
        else assert.equal(a.error?.code, 'INSUFFICIENT_FUNDS');
      } else if (r < 0.8) {
        const postage = 1 + Math.floor(rnd() * 900);
        const a = await m.c.maced('indicium', { kind: 'postage', postage, rateCategory: 'FCLT', mailDate: today() });
        if (a.ok) m.pieces.push({ n: a.body?.pieceNumber as number, postage, refunded: false });
        else assert.equal(a.error?.code, 'INSUFFICIENT_POSTAGE');
      } else if (m.pieces.length > 0) {
        const p = m.pieces[Math.floor(rnd() * m.pieces.length)]!;
        const a = await m.c.maced('refund', { pieceNumber: p.n });
        if (a.ok) {
          assert.equal(p.refunded, false);
          p.refunded = true;
          m.refunded += p.postage;
        } else assert.equal(a.error?.code, 'NOT_REFUNDABLE');
      }
    }
  }));
  for (const m of meters) {
    const { ar, dr } = m.c.registers;
    assert.equal(ar + dr, m.downloaded + m.refunded);
    assert.equal(ar, m.pieces.reduce((s, p) => s + p.postage, 0));
    const log = query<{ type: string; amount: number; ar: number; dr: number }>(
      v.dataDir, 'SELECT type, amount, ar, dr FROM tx_log WHERE meter_id = ? ORDER BY id', m.c.meterId);
    const sum = (t: string) => log.filter((e) => e.type === t).reduce((s, e) => s + e.amount, 0);
    assert.equal(sum('purchase'), m.downloaded);
    assert.equal(sum('refund'), m.refunded);
    assert.deepEqual({ ar: log.at(-1)?.ar, dr: log.at(-1)?.dr }, { ar, dr });
  }
  // Each module's log is a hash chain.
  const entries = query<{ module_serial: number; prev_hash: string; hash: string }>(v.dataDir, 'SELECT module_serial, prev_hash, hash FROM tx_log ORDER BY id');
  const heads = new Map<number, string>();
  for (const e of entries) {
    const head = heads.get(e.module_serial);
    if (head !== undefined) assert.equal(e.prev_hash, head);
    heads.set(e.module_serial, e.hash);
  }
});

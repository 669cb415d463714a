/**
 * Quick load script: N meters on N connections print postage as fast as the vault answers
 * (each answer durable). Usage: node --import tsx apps/vault/bench/load.ts [meters=256] [seconds=10] [modules=2]
 */
import { startTestVault } from '../src/testing/index.ts';
import { MeterClient, today } from '../test/helpers/meter-client.ts';

const meters = Number(process.argv[2] ?? 256);
const seconds = Number(process.argv[3] ?? 10);
const modules = Number(process.argv[4] ?? 2);

const vault = await startTestVault({ modules, poolSize: meters + 4, fresh: true, env: process.env.VBI_DEBUG_BATCH ? { VBI_DEBUG_BATCH: "1" } : {} });
process.on("exit", () => { if (process.env.VBI_DEBUG_BATCH) console.log(vault.output().split("\n").filter((l) => l.includes("DEBUG")).slice(-30).join("\n")); });
try {
  const clients = await Promise.all(Array.from({ length: meters }, () => MeterClient.connect(vault.url, vault.trustDir)));
  await Promise.all(clients.map(async (c, i) => {
    const r = await c.register(`bench-${i}`, 'bench passphrase 1');
    if (!r.ok) throw new Error(`register: ${JSON.stringify(r.error)}`);
  }));
  for (let i = 0; i < meters; i++) vault.credit(`bench-${i}`, 4_000_000_000);
  await Promise.all(clients.map(async (c) => {
    const r = await c.maced('purchase', { amount: 4_000_000_000 });
    if (!r.ok) throw new Error(`purchase: ${JSON.stringify(r.error)}`);
  }));
  const mailDate = today();
  let done = 0;
  let failed = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(clients.map(async (c) => {
    while (performance.now() < end) {
      const r = await c.maced('indicium', { kind: 'postage', postage: 1, rateCategory: 'FCLT', mailDate });
      if (r.ok) done++;
      else failed++;
    }
  }));
  const elapsed = (performance.now() - t0) / 1000;
  console.log(`${meters} meters, ${modules} modules: ${done} indicia in ${elapsed.toFixed(1)} s = ${(done / elapsed).toFixed(0)} durable indicia/s (${failed} refused)`);
  for (const c of clients) c.close();
} finally {
  await vault.stop();
}

/** Mints meters with a progress bar, in a minting-only module bank of this process. */
import cliProgress from 'cli-progress';
import { ModuleBank } from '../bank/module-bank.ts';
import { mintMeter } from '../bank/meter-pool.ts';
import type { ModuleKeys } from '../keystore/backend.ts';
import type { Storage } from '../storage/storage.ts';
import { stderrLog } from './options.ts';

export async function mintWithProgress(opts: {
  dataDir: string;
  storage: Storage;
  keys: ModuleKeys;
  count: number;
  modules: number;
}): Promise<void> {
  if (opts.count === 0) return;
  const bank = await ModuleBank.start({
    dataDir: opts.dataDir, modules: opts.modules, storage: opts.storage, committer: null, keys: opts.keys, haltThreshold: 0,
    refundWindowDays: 30, maxBatch: 1, keyCacheSize: 16, withMemory: false, log: stderrLog,
  });
  const bar = new cliProgress.SingleBar(
    { format: 'minting meters [{bar}] {value}/{total}', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(opts.count, 0);
  try {
    let next = 0;
    const worker = async () => {
      while (next < opts.count) {
        next++;
        await mintMeter(opts.storage, bank);
        bar.increment();
      }
    };
    await Promise.all(Array.from({ length: opts.modules }, worker));
  } finally {
    bar.stop();
    await bank.stop();
  }
}

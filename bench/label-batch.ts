/**
 * The new layouts one by one, and batches: 500 different pieces streamed into one PDF file
 * (single package labels, then two a letter sheet). A third, untimed run collects garbage every
 * 25 pieces and samples the live JS heap, to show the batch is never held whole in memory.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { signIndicium } from '@vbi/indicia';
import { renderLabelPdf, writeBatchPdf, type BatchOptions, type Layout, type PieceContent } from '@vbi/indicia/pdf';
import { rate } from './labels.ts';

export const NEW_LAYOUTS = ['package-4x6', 'envelope-6-3-4', 'envelope-9', 'envelope-6x9', 'flat-9x12', 'postcard-4x6'] as const satisfies readonly Layout[];

export interface LabelBatchResult {
  pieces: number;
  singlePerSec: number;
  singleMB: number;
  sheetPerSec: number;
  sheetMB: number;
  /** Largest live JS heap (after a full collection) above its size before the batch, in MB. */
  liveHeapGrowthMB: number;
}

/** A full garbage collection, without starting node with --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const FROM = 'Acme Widgets\n650 Turk St\nSan Francisco CA 94102';

function pieces(count: number): PieceContent[] {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return Array.from({ length: count }, (_, i) => ({
    indicium: signIndicium(
      {
        certSerial: 17, vendorId: 1, model: 1, psdSerial: 17, ar: 1_000_000 + 9_870 * (i + 1), postage: 9_870, mailDate: 20261124,
        originZip: 94102, softwareId: 1, pieceNumber: 1000 + i, dr: 90_000_000 - 9_870 * (i + 1), rateCategory: 'GADV',
        destinationZip: 100011234, kind: 1,
      },
      privateKey,
    ),
    from: FROM,
    to: `Customer ${i + 1}\n1 Main St Apt ${i + 1}\nNew York NY 10001-1234`,
    weightOz: 20 + (i % 50),
  }));
}

/** Labels per second of each new layout, rendered alone, back to back. */
export async function benchLayouts(seconds: number): Promise<Record<string, number>> {
  const [piece] = pieces(1);
  const out: Record<string, number> = {};
  for (const layout of NEW_LAYOUTS) out[layout] = await rate(seconds, () => renderLabelPdf({ ...piece!, layout }));
  return out;
}

export async function benchLabelBatch(count: number): Promise<LabelBatchResult> {
  const batch = pieces(count);
  const dir = mkdtempSync(join(tmpdir(), 'vbi-bench-batch-'));
  const path = join(dir, 'batch.pdf');
  const timed = async (options: BatchOptions) => {
    const start = performance.now();
    const { bytes } = await writeBatchPdf(path, batch, options);
    return { perSec: count / ((performance.now() - start) / 1000), mb: bytes / 1e6 };
  };
  try {
    await timed({ layout: 'package-4x6' }); // warm-up
    const single = await timed({ layout: 'package-4x6' });
    const sheet = await timed({ layout: 'package-4x6', sheet: 'letter-2up' });
    const gc = collector();
    const live = () => (gc(), process.memoryUsage().heapUsed);
    const base = live();
    let peak = 0;
    await writeBatchPdf(path, batch, { layout: 'package-4x6' }, { onPiece: (done) => void (done % 25 === 0 && (peak = Math.max(peak, live() - base))) });
    return { pieces: count, singlePerSec: single.perSec, singleMB: single.mb, sheetPerSec: sheet.perSec, sheetMB: sheet.mb, liveHeapGrowthMB: peak / 1e6 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

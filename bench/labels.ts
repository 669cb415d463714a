/** Label pipeline: format-1 indicium → 4×6 PDF with the vector Data Matrix, one thread. */
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { signIndicium } from '@vbi/indicia';
import { renderLabelPdf } from '@vbi/indicia/pdf';
import bwipjs from 'bwip-js/node';

export interface LabelsResult {
  perSec: number;
  rawEncodePerSec: number;
}

function sampleIndicium(): Buffer {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return signIndicium(
    {
      certSerial: 17,
      vendorId: 1,
      model: 1,
      psdSerial: 17,
      ar: 1_234_740,
      postage: 740,
      mailDate: 20261124,
      originZip: 94102,
      softwareId: 1,
      pieceNumber: 1669,
      dr: 98_765_260,
      rateCategory: 'FCLT',
      destinationZip: 100011234,
      kind: 1,
    },
    privateKey,
  );
}

/** Calls `work` back to back for `seconds` (after a short warm-up); returns calls per second. */
export async function rate(seconds: number, work: () => unknown): Promise<number> {
  const warmUntil = performance.now() + Math.min(1000, seconds * 250);
  while (performance.now() < warmUntil) await work();
  const start = performance.now();
  const end = start + seconds * 1000;
  let count = 0;
  let now = start;
  while (now < end) {
    await work();
    count++;
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}

export async function benchLabels(seconds: number): Promise<LabelsResult> {
  const indicium = new Uint8Array(sampleIndicium());
  const label = {
    indicium,
    layout: 'label-4x6' as const,
    from: 'Jane Doe\n650 Turk St\nSan Francisco CA 94102',
    to: 'John Roe\n1 Main St Apt 5\nNew York NY 10001-1234',
  };
  const perSec = await rate(seconds, () => renderLabelPdf(label));
  // The same symbol bwip-js makes inside the label, without the PDF around it.
  const symbol = { bcid: 'datamatrix', text: Buffer.from(indicium).toString('latin1'), binarytext: true, rows: 44, columns: 44 };
  const rawEncodePerSec = await rate(seconds, () => bwipjs.raw(symbol));
  return { perSec, rawEncodePerSec };
}

/**
 * The CUPS sink against a real CUPS queue: VBI_PDF (cups-pdf, set up by scripts/bootstrap.mjs
 * --tests) lists with its driver and takes our PDF through `lp`; the PDF cups-pdf writes still
 * carries the very symbol we sent.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { signIndicium } from '@vbi/indicia';
import { CupsSink } from '../../../src/core/print/cups-sink.ts';
import { silentLog } from '../../../src/core/log.ts';
import { renderPdf } from '../../../src/core/print/render.ts';
import { scanSymbols } from '../../helpers/scan.ts';

const QUEUE = 'VBI_PDF';
const OUTPUT_DIRS = [join(homedir(), 'PDF'), '/var/spool/cups-pdf/ANONYMOUS'];

function queueExists(): boolean {
  try {
    return execFileSync('lpstat', ['-e'], { encoding: 'utf8' }).split('\n').includes(QUEUE);
  } catch {
    return false;
  }
}

function jobsPending(): boolean {
  return execFileSync('lpstat', ['-o', QUEUE], { encoding: 'utf8' }).trim() !== '';
}

/** The file cups-pdf wrote for the job titled `title` (it names files after the title), once the queue is done. */
async function outputOf(title: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const dirs = jobsPending() ? [] : OUTPUT_DIRS.filter((d) => existsSync(d));
    for (const dir of dirs) {
      const name = readdirSync(dir).find((f) => f.startsWith(title) && f.endsWith('.pdf'));
      if (name) return join(dir, name);
    }
    await sleep(200);
  }
  throw new Error(`cups-pdf wrote no file for ${title} in ${OUTPUT_DIRS.join(' or ')}`);
}

test('CUPS: the queue is listed with its driver, and a printed test envelope keeps its symbol', { skip: queueExists() ? false : `no CUPS queue ${QUEUE} here (scripts/bootstrap.mjs --tests makes one)` }, async () => {
  const sink = new CupsSink(silentLog);
  const printers = await sink.listPrinters();
  const queue = printers.find((p) => p.name === QUEUE);
  assert.ok(queue, `lpstat lists ${QUEUE}`);
  assert.match(queue.driverName, /CUPS-PDF/i);

  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const sample = signIndicium(
    { certSerial: 1, vendorId: 1, model: 1, psdSerial: 7, ar: 0, postage: 0, mailDate: 20260101, originZip: 94105, softwareId: 1, pieceNumber: 0, dr: 0, rateCategory: 'TEST', destinationZip: 0, kind: 2 },
    privateKey,
  );
  const title = `vbi-cups-test-${randomBytes(4).toString('hex')}`;
  await sink.print(QUEUE, await renderPdf({ indicium: sample, layout: 'test-envelope', offsetsMm: { x: 0, y: 0 } }), title);
  const written = await outputOf(title);
  try {
    assert.deepEqual(await scanSymbols(written), [sample]);
  } finally {
    rmSync(written, { force: true });
  }
});

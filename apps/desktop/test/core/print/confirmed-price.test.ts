/**
 * The price confirmed is the price charged (issue 14), and the new services and labels through the
 * core against a real vault: Ground Advantage and Priority Mail Express, weight past a pound,
 * measurements (dimensional weight), the 4×6 package label alone and two to an 8.5 × 11 sheet.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { decodeIndicium } from '@vbi/indicia';
import { fundedDesktop, letterJob, startTestVault, TO, type Desktop, type TestVault } from '../../helpers/desktop-fixture.ts';
import { scanSymbols } from '../../helpers/scan.ts';

let vault: TestVault;
let d: Desktop;

before(async () => {
  vault = await startTestVault();
  d = await fundedDesktop(vault, vault.url, 'shipper', 40_000);
  await vault.credit('shipper', 400_000); // packages across the country cost tens of dollars
  await d.call('buyPostage', { amountMills: 400_000 });
});
after(async () => {
  d.cleanup();
  await vault.stop();
});

/** Page size in points and the text of a PDF, read by poppler. */
function pdfFacts(path: string): { size: string; text: string } {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return { size: /Page size:\s+([0-9.]+ x [0-9.]+)/.exec(info)?.[1] ?? '', text: execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }) };
}

test('a price other than the fresh quote is refused in plain words; nothing is charged or printed', async () => {
  const before = d.core.status().registers;
  const job = letterJob();
  const r = await d.raw('printPostage', { ...job, priceMills: job.priceMills - 10 });
  assert.equal(!r.ok && r.error.code, 'PRICE_CHANGED');
  assert.match(!r.ok ? r.error.message : '', /^The postage for this piece is now \$\d+\.\d\d, not the \$\d+\.\d\d you confirmed .*Nothing was charged/);
  assert.deepEqual(d.core.status().registers, before, 'no piece was issued');
  assert.equal(d.pdfs().length, 0);
  assert.deepEqual(await d.call('history', {}), []);
});

test('Ground Advantage, 2 lb 3.5 oz, 16×12×10 in, package label two to a letter sheet: charged the quoted price, printed with its banner and weight', async () => {
  const job = { ...letterJob(), mailClass: 'ground-advantage' as const, weightOz: 35.5, dimensionsIn: { length: 16, width: 12, height: 10 }, layout: 'package-4x6' as const, sheet: 'letter-2up' as const };
  const quote = await d.call('quote', { mailClass: job.mailClass, weightOz: job.weightOz, fromZip: '94105', toZip: TO.zip, dimensionsIn: job.dimensionsIn });
  assert.equal(quote.rateCategory, 'GADV');
  assert.ok(quote.dimensionalWeightLb !== undefined && quote.dimensionalWeightLb > 3, 'over a cubic foot, the dimensional weight sets the price');
  const { entry, status } = await d.call('printPostage', { ...job, priceMills: quote.priceMills });
  assert.equal(entry.postage, quote.priceMills);
  assert.equal(entry.rateCategory, 'GADV');
  assert.equal(status.registers?.ar, quote.priceMills);
  const pdf = d.pdfs().at(-1)!;
  const facts = pdfFacts(pdf);
  assert.equal(facts.size, '612 x 792', '8.5 × 11 in');
  assert.match(facts.text, /GROUND ADVANTAGE/i);
  assert.match(facts.text, /2 lb 3\.5 oz/);
  const [symbol] = await scanSymbols(pdf);
  assert.equal(decodeIndicium(symbol!).postage, quote.priceMills);
});

test('Priority Mail Express on a 4×6 package label; a re-print lays it out the same way', async () => {
  const job = { ...letterJob(), mailClass: 'priority-mail-express' as const, weightOz: 20, layout: 'package-4x6' as const };
  const quote = await d.call('quote', { mailClass: job.mailClass, weightOz: job.weightOz, fromZip: '94105', toZip: TO.zip });
  assert.equal(quote.rateCategory, 'PMEX');
  const { entry } = await d.call('printPostage', { ...job, priceMills: quote.priceMills });
  const first = pdfFacts(d.pdfs().at(-1)!);
  assert.equal(first.size, '288 x 432', '4 × 6 in');
  assert.match(first.text, /PRIORITY MAIL EXPRESS/i);
  await d.call('reprint', { pieceNumber: entry.pieceNumber, printerId: job.printerId, skipSetup: true });
  const again = pdfFacts(d.pdfs().at(-1)!);
  assert.equal(again.size, first.size);
  assert.match(again.text, /1 lb 4 oz/);
});

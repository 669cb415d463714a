// The 4×6 package label: the service banner a shipper expects for each service, the weight, SHIP
// TO, and the tracking-number area — a Code 128 reference (device id + piece number) that zbarimg
// reads back, with bars of a size package sorters read, under a heading that says it is not USPS tracking.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { signIndicium, verifyIndicium } from '../src/index.ts';
import { REFERENCE_HEADING, renderLabelPdf } from '../src/pdf/index.ts';
import { makeCertificate, POSTAGE_FIELDS, TEST_PRINT_FIELDS } from './fixtures.ts';
import { DPI, findDataMatrix, MM_PER_PX, rasterise, readCode128, words } from './raster.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-package-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cert = makeCertificate(POSTAGE_FIELDS.certSerial);
const FROM = 'Acme Widgets\n650 Turk St\nSan Francisco CA 94102';
const TO = 'John Roe\n1 Main St Apt 5\nNew York NY 10001-1234';
/** Code 128 of 26 digits: start, 13 code C symbols and the check symbol (11 modules, 3 bars each), then stop (13, 4 bars). */
const REFERENCE_MODULES = 15 * 11 + 13;
const REFERENCE_BARS = 15 * 3 + 4;

async function render(name: string, indicium: Buffer, extra: object = {}): Promise<string> {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, await renderLabelPdf({ indicium, layout: 'package-4x6', from: FROM, to: TO, ...extra }));
  return path;
}

const text = (path: string) => words(path).boxes.map((b) => b.text).join(' ');

describe('package-4x6', () => {
  const services = [
    ['GADV', 'USPS GROUND ADVANTAGE', 'G'],
    ['PMEX', 'PRIORITY MAIL EXPRESS', 'E'],
    ['PRIO', 'PRIORITY MAIL', 'P'],
  ] as const;
  for (const [rateCategory, banner, mark] of services) {
    it(`${rateCategory}: the "${banner}" banner with its letter, the weight, SHIP TO, and a symbol that verifies`, async () => {
      const indicium = signIndicium({ ...POSTAGE_FIELDS, rateCategory, postage: 12_340 }, cert.privateKey);
      const path = await render(rateCategory, indicium, { weightOz: 35.5 });
      const printed = text(path);
      for (const expected of [`${mark} ${banner} `, '2 lb 3.5 oz', 'SHIP TO:', 'John Roe', 'Acme Widgets', REFERENCE_HEADING, '$12.340']) {
        assert.ok(printed.includes(expected), `missing "${expected}" in: ${printed}`);
      }
      const symbol = findDataMatrix(rasterise(path));
      assert.ok(symbol);
      assert.deepEqual(symbol.payload, indicium);
      assert.equal(verifyIndicium(symbol.payload, cert.certPem), true);
    });
  }

  it('the reference barcode reads back as device id + piece number, from the signed bytes', async () => {
    const postage = signIndicium({ ...POSTAGE_FIELDS, rateCategory: 'GADV', pieceNumber: 4_294_967_295 }, cert.privateKey);
    const sample = signIndicium(TEST_PRINT_FIELDS, cert.privateKey);
    for (const [indicium, digits] of [[postage, '00010001000000424294967295'], [sample, '00010001000000420000000000']] as const) {
      const path = await render(`reference-${digits}`, indicium);
      assert.deepEqual(readCode128(rasterise(path)), [digits]);
      assert.ok(text(path).includes(`${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8, 16)} ${digits.slice(16)}`), 'the digits under the bars');
    }
  });

  it('the reference bars: 0.38 mm modules or more, every bar apart, 10 white modules either side', async () => {
    const indicium = signIndicium({ ...POSTAGE_FIELDS, rateCategory: 'GADV' }, cert.privateKey);
    const path = await render('bars', indicium);
    const digits = words(path).boxes.find((b) => b.text === '0000000017');
    assert.ok(digits);
    const raster = rasterise(path);
    const row = Math.round((digits.y0 - (72 / 25.4) * 5) * (DPI / 72)); // 5 mm above the digits: through the bars
    const runs: Array<[number, number]> = [];
    for (let x = 0; x < raster.width; x++) {
      if (!raster.dark(x, row)) continue;
      const last = runs.at(-1);
      if (last && last[1] === x - 1) last[1] = x;
      else runs.push([x, x]);
    }
    assert.equal(runs.length, REFERENCE_BARS, 'one dark run per bar');
    const widthPx = runs.at(-1)![1] - runs[0]![0] + 1;
    const moduleMm = (widthPx / REFERENCE_MODULES) * MM_PER_PX;
    assert.ok(moduleMm >= 0.37, `module is ${moduleMm.toFixed(3)} mm`);
    const quietPx = (10 * moduleMm) / MM_PER_PX;
    assert.ok(runs[0]![0] >= quietPx && raster.width - 1 - runs.at(-1)![1] >= quietPx, 'quiet zones on the label');
  });
});

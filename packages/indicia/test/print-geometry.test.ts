// What a postal customer sees on paper, on every layout: the symbol's size and quiet zone measured
// on a raster (pdftoppm) where an independent decoder (dmtxread) found it, and every word of text
// measured by poppler (pdftotext -bbox): on the page, never on another word, never in the indicium's
// clear zone (only the indicium's own text is inside it, within the block).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { encodeDataMatrix } from '../src/datamatrix.ts';
import { decodeIndicium, signIndicium, verifyIndicium } from '../src/index.ts';
import { LAYOUTS, renderLabelPdf, type Layout } from '../src/pdf/index.ts';
import { PAGES } from '../src/pdf/pages.ts';
import { makeCertificate, POSTAGE_FIELDS, TEST_PRINT_FIELDS } from './fixtures.ts';
import { findDataMatrix, inside, moduleMm, overlaps, quietZoneDarkPixels, rasterise, rectOf, words } from './raster.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-geometry-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cert = makeCertificate(POSTAGE_FIELDS.certSerial);
const widest = { ...POSTAGE_FIELDS, postage: 16_777_215, rateCategory: 'PCRD' as const };
const KINDS = [
  ['postage', signIndicium(widest, cert.privateKey)],
  ['test print', signIndicium(TEST_PRINT_FIELDS, cert.privateKey)],
] as const;
// Six long lines each (the most an address may have); words that appear nowhere else on the page.
const FROM = [
  'Maximilian Alexander Featherstonehaugh-Worthington III',
  'Department of Extremely Long Names and Titles Incorporated',
  '12345 North Martin Luther King Junior Boulevard Suite 1200',
  'Building 7 Floor 12 Room 1234 Attention Mailroom Supervisor',
  'Rancho Santa Margarita CA 92688-1234',
  'UNITED STATES OF AMERICA',
];
const TO = [
  'Bartholomew Jonathan Kowalczyk-Vandenberghe Esquire Junior',
  'Worldwide Consolidated Manufacturing and Distribution LLC',
  '98765 Southeast Thoroughfare Parkway Apartment 4567 Rear',
  'Receiving Dock 3 Attention Purchasing Department Manager',
  'Lake Havasu City AZ 86403-9876',
  'ATTENTION SHIPPING AND RECEIVING',
];
const ADDRESS_WORDS = new Set([...FROM, ...TO].flatMap((line) => line.split(' ')).filter((word) => /[A-Za-z]{3}/.test(word)));

function render(layout: Layout, indicium: Buffer, name: string): Promise<string> {
  return renderLabelPdf({ indicium, layout, from: FROM.join('\n'), to: TO.join('\n'), mailClassLabel: 'W'.repeat(40), weightOz: 1119.75 }).then((pdf) => {
    const path = join(dir, `${name}.pdf`);
    writeFileSync(path, pdf);
    return path;
  });
}

describe('print geometry, with the longest addresses', () => {
  for (const layout of LAYOUTS) {
    for (const [kind, indicium] of KINDS) {
      it(`${layout}, ${kind}: the symbol reads back and verifies, modules ≥ 0.5 mm, a white quiet zone of 2 modules`, async () => {
        const raster = rasterise(await render(layout, indicium, `${layout}-${kind}-raster`));
        const symbol = findDataMatrix(raster);
        assert.ok(symbol, 'dmtxread found no symbol');
        assert.deepEqual(symbol.payload, indicium);
        assert.equal(verifyIndicium(symbol.payload, cert.certPem), true);
        assert.ok(moduleMm(symbol.box) >= 0.5, `module is ${moduleMm(symbol.box).toFixed(3)} mm`);
        assert.equal(quietZoneDarkPixels(raster, symbol.box), 0, 'something is printed in the quiet zone');
      });

      it(`${layout}, ${kind}: every word on the page, none on another, addresses out of the indicium`, async () => {
        const { page, boxes } = words(await render(layout, indicium, `${layout}-${kind}-text`));
        for (const line of [...FROM, ...TO]) {
          const first = line.split(' ')[0];
          assert.ok(boxes.some((b) => b.text === first), `the address line "${line}" is missing`);
        }
        for (const b of boxes) {
          assert.ok(b.x0 >= 0 && b.y0 >= 0 && b.x1 <= page.width && b.y1 <= page.height, `"${b.text}" runs off the page`);
        }
        boxes.forEach((a, i) =>
          boxes.slice(i + 1).forEach((b) => assert.ok(!overlaps(a, b), `"${a.text}" is printed over "${b.text}"`)),
        );
        const bytes = decodeIndicium(indicium);
        const { block, clear } = PAGES[layout].indiciumArea({ indicium: bytes, matrix: encodeDataMatrix(indicium), mailClass: '' });
        for (const b of boxes) {
          if (ADDRESS_WORDS.has(b.text) || !inside(b, rectOf(block))) {
            assert.ok(!overlaps(b, rectOf(clear), 0), `"${b.text}" is inside the indicium's clear zone`);
          }
        }
      });
    }
  }
});

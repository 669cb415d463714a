// 8.5 × 11 in sheets with two 4×6 labels (half-sheet label stock): each label lies inside its own
// half, its symbol reads back from that half alone (dmtxread on a crop of it) and verifies, with
// 0.65 mm modules and a white quiet zone; its reference barcode reads back too. An odd batch
// leaves the last half empty.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signIndicium, verifyIndicium } from '../src/index.ts';
import { writeBatchPdf, type PieceContent } from '../src/pdf/index.ts';
import { SHEET_GEOMETRY } from '../src/pdf/sheet.ts';
import { makeCertificate, POSTAGE_FIELDS, TEST_PRINT_FIELDS } from './fixtures.ts';
import { findDataMatrix, inside, moduleMm, quietZoneDarkPixels, rasterise, readCode128, words, type Rect } from './raster.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-sheet-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cert = makeCertificate(POSTAGE_FIELDS.certSerial);
/** Three pieces, each with a name found nowhere else on the sheet. */
const PIECES: Array<PieceContent & { indicium: Buffer; name: string; reference: string }> = [
  { name: 'Alderaan', fields: { ...POSTAGE_FIELDS, rateCategory: 'GADV', pieceNumber: 101 }, reference: '00010001000000420000000101' },
  { name: 'Bespin', fields: { ...POSTAGE_FIELDS, rateCategory: 'PMEX', pieceNumber: 102 }, reference: '00010001000000420000000102' },
  { name: 'Coruscant', fields: TEST_PRINT_FIELDS, reference: '00010001000000420000000000' },
].map(({ name, fields, reference }) => ({
  name,
  reference,
  indicium: signIndicium(fields, cert.privateKey),
  from: 'Acme Widgets\n650 Turk St\nSan Francisco CA 94102',
  to: `${name} Receiving\n1 Main St\nNew York NY 10001`,
  weightOz: 20,
}));
const sheet = SHEET_GEOMETRY['letter-2up'];
const [TOP, BOTTOM] = sheet.slots.map((slot) => ({ x0: slot.area.x, y0: slot.area.y, x1: slot.area.x + slot.area.width, y1: slot.area.y + slot.area.height })) as [Rect, Rect];
/** The 6 × 4 in a turned label covers, centred in its half. */
const labelIn = (half: Rect): Rect => {
  const [w, h] = [6 * 72, 4 * 72];
  const x0 = (half.x0 + half.x1 - w) / 2;
  const y0 = (half.y0 + half.y1 - h) / 2;
  return { x0, y0, x1: x0 + w, y1: y0 + h };
};

describe('letter-2up sheets', () => {
  let path: string;
  before(async () => {
    path = join(dir, 'sheet.pdf');
    const { pieces } = await writeBatchPdf(path, PIECES.map(({ name: _n, reference: _r, ...piece }) => piece), { layout: 'package-4x6', sheet: 'letter-2up' });
    assert.equal(pieces, 3);
  });

  it('is letter paper, two halves of 8.5 × 5.5 in', () => {
    assert.deepEqual([sheet.width, sheet.height], [612, 792]);
    assert.deepEqual([TOP, BOTTOM], [{ x0: 0, y0: 0, x1: 612, y1: 396 }, { x0: 0, y0: 396, x1: 612, y1: 792 }]);
    const page = words(path, 1).page;
    assert.deepEqual([page.width, page.height], [612, 792]);
  });

  it('puts every word of each label inside its own 6 × 4 in area of its half', () => {
    const checks: Array<[number, Rect, string, string]> = [
      [1, TOP, PIECES[0]!.name, PIECES[1]!.name],
      [1, BOTTOM, PIECES[1]!.name, PIECES[0]!.name],
      [2, TOP, PIECES[2]!.name, PIECES[0]!.name],
    ];
    for (const [page, half, own, other] of checks) {
      const { boxes } = words(path, page);
      const mine = boxes.filter((b) => inside(b, half, 0));
      assert.ok(mine.some((b) => b.text === own), `${own} is in its half`);
      assert.ok(!mine.some((b) => b.text === other), `${other} is not in ${own}'s half`);
      for (const b of mine) assert.ok(inside(b, labelIn(half)), `"${b.text}" lies outside its label`);
    }
    assert.equal(words(path, 2).boxes.filter((b) => inside(b, BOTTOM, 0)).length, 0, 'the last half is empty');
    assert.equal(words(path, 1).boxes.every((b) => inside(b, TOP, 0) || inside(b, BOTTOM, 0)), true, 'no word straddles the cut');
  });

  it('each half alone gives back its own symbol (which verifies, 0.65 mm modules, white quiet zone) and reference', () => {
    const halves: Array<[number, Rect, (typeof PIECES)[number]]> = [
      [1, TOP, PIECES[0]!],
      [1, BOTTOM, PIECES[1]!],
      [2, TOP, PIECES[2]!],
    ];
    for (const [page, half, piece] of halves) {
      const raster = rasterise(path, page, half);
      const symbol = findDataMatrix(raster);
      assert.ok(symbol, `no symbol in ${piece.name}'s half`);
      assert.deepEqual(symbol.payload, piece.indicium);
      assert.equal(verifyIndicium(symbol.payload, cert.certPem), true);
      assert.ok(Math.abs(moduleMm(symbol.box) - 0.65) < 0.03, `module is ${moduleMm(symbol.box).toFixed(3)} mm`);
      assert.equal(quietZoneDarkPixels(raster, symbol.box), 0);
      assert.deepEqual(readCode128(raster), [piece.reference]);
    }
    assert.equal(findDataMatrix(rasterise(path, 2, BOTTOM)), null, 'nothing printed in the empty half');
  });
});

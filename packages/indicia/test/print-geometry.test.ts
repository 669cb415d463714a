// What a postal customer sees on paper: the symbol's size and quiet zone measured on a raster
// (pdftoppm) where an independent decoder (dmtxread) found it, and every word of text measured
// by poppler (pdftotext -bbox): on the page, never on another word, never in the indicium's clear zone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { encodeDataMatrix } from '../src/datamatrix.ts';
import { decodeIndicium, signIndicium } from '../src/index.ts';
import { LAYOUTS, renderLabelPdf, type Layout } from '../src/pdf/index.ts';
import { envelopeIndiciumArea } from '../src/pdf/layouts/envelope10.ts';
import { makeCertificate, POSTAGE_FIELDS, TEST_PRINT_FIELDS } from './fixtures.ts';

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
const DPI = 300;
const MM_PER_PX = 25.4 / DPI;

function render(layout: Layout, indicium: Buffer, name: string): Promise<string> {
  return renderLabelPdf({ indicium, layout, from: FROM.join('\n'), to: TO.join('\n'), mailClassLabel: 'W'.repeat(40) }).then((pdf) => {
    const path = join(dir, `${name}.pdf`);
    writeFileSync(path, pdf);
    return path;
  });
}

interface Box {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function words(pdfPath: string): { page: { width: number; height: number }; boxes: Box[] } {
  const out = spawnSync('pdftotext', ['-bbox', pdfPath, '-'], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  const page = /<page width="([\d.]+)" height="([\d.]+)">/.exec(out.stdout);
  assert.ok(page);
  const boxes = [...out.stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    x0: Number(m[1]),
    y0: Number(m[2]),
    x1: Number(m[3]),
    y1: Number(m[4]),
    text: m[5] ?? '',
  }));
  return { page: { width: Number(page[1]), height: Number(page[2]) }, boxes };
}

const overlaps = (a: Omit<Box, 'text'>, b: Omit<Box, 'text'>, slack = 0.5) =>
  Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > slack && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > slack;

/** The symbol as dmtxread finds it on a 300 dpi grey raster: its box in pixels, and the raster. */
function scanSymbol(pdfPath: string) {
  const base = join(dir, 'raster');
  const raster = spawnSync('pdftoppm', ['-r', String(DPI), '-gray', '-singlefile', pdfPath, base]);
  assert.equal(raster.status, 0, String(raster.stderr));
  const pgm = readFileSync(`${base}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  assert.ok(header, 'pdftoppm wrote an 8-bit PGM');
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(header[0].length);
  // -R prints the corners to stderr as "x,y:" four times, in the raster's pixels divided by -S.
  const shrink = 2;
  const scan = spawnSync('dmtxread', ['-N1', '-R', `-S${shrink}`, `${base}.pgm`]);
  const corners = [...String(scan.stderr).matchAll(/(\d+),(\d+):/g)].map((m) => [Number(m[1]) * shrink, Number(m[2]) * shrink] as const);
  assert.equal(corners.length, 4, `dmtxread found no symbol: ${String(scan.stderr)}`);
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  const box = { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
  const dark = (x: number, y: number) => (pixels[y * width + x] ?? 255) < 128;
  return { box, dark, width, height };
}

describe('print geometry, with the longest addresses', () => {
  for (const layout of LAYOUTS) {
    for (const [kind, indicium] of KINDS) {
      it(`${layout}, ${kind}: modules ≥ 0.5 mm and a white quiet zone of 2 modules`, async () => {
        const { box, dark } = scanSymbol(await render(layout, indicium, `${layout}-${kind}-raster`));
        const modulePx = (box.x1 - box.x0 + (box.y1 - box.y0)) / 2 / 44;
        assert.ok(modulePx * MM_PER_PX >= 0.5, `module is ${(modulePx * MM_PER_PX).toFixed(3)} mm`);
        // The ring from just outside the symbol (corners are found to ±1 shrunk pixel) to 2 modules out.
        const inner = 3;
        const outer = Math.floor(2 * modulePx) - 1;
        const inRing = (x: number, y: number) =>
          x < box.x0 - inner || x > box.x1 + inner || y < box.y0 - inner || y > box.y1 + inner;
        let darkPixels = 0;
        for (let y = box.y0 - outer; y <= box.y1 + outer; y++) {
          for (let x = box.x0 - outer; x <= box.x1 + outer; x++) if (inRing(x, y) && dark(x, y)) darkPixels++;
        }
        assert.equal(darkPixels, 0, 'something is printed in the quiet zone');
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
        if (layout === 'label-4x6') return;
        const bytes = decodeIndicium(indicium);
        const { clear } = envelopeIndiciumArea({ indicium: bytes, matrix: encodeDataMatrix(indicium), mailClass: '' });
        const zone = { x0: clear.x, y0: clear.y, x1: clear.x + clear.width, y1: clear.y + clear.height };
        for (const b of boxes.filter((w) => ADDRESS_WORDS.has(w.text))) {
          assert.ok(!overlaps(b, zone, 0), `address word "${b.text}" is inside the indicium's clear zone`);
        }
      });
    }
  }
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { IndiciumError, signIndicium, verifyIndicium } from '../src/index.ts';
import { LAYOUTS, renderLabelPdf, SAMPLE_BANNER, type LabelOptions } from '../src/pdf/index.ts';
import { scanIndiciaFromPdf } from '../src/scan.ts';
import { makeCertificate, POSTAGE_FIELDS, TEST_PRINT_FIELDS } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-pdf-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cert = makeCertificate(POSTAGE_FIELDS.certSerial);
const postage = signIndicium(POSTAGE_FIELDS, cert.privateKey);
const testPrint = signIndicium(TEST_PRINT_FIELDS, cert.privateKey);
const FROM = 'Jane Doe\n650 Turk St\nSan Francisco CA 94102';
const TO = 'John Roe\n1 Main St Apt 5\nNew York NY 10001-1234';

function save(pdf: Buffer, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  return path;
}

function pdfText(path: string, ...args: string[]): string {
  const result = spawnSync('pdftotext', [...args, path, '-'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

/** Every content stream of the PDF, inflated. */
function contentStreams(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const parts: string[] = [];
  for (const match of text.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    const raw = Buffer.from(match[1] ?? '', 'latin1');
    try {
      parts.push(inflateSync(raw).toString('latin1'));
    } catch {
      parts.push(raw.toString('latin1'));
    }
  }
  return parts.join('\n');
}

// scanIndiciaFromPdf (what `pnpm indicia verify` uses) on the smallest and the largest page; every
// layout's symbol is read back and verified in print-geometry.test.ts.
describe('renderLabelPdf: print and scan back', () => {
  for (const layout of ['label-4x6', 'flat-9x12'] as const) {
    for (const [kind, indicium] of [['postage', postage], ['test print', testPrint]] as const) {
      it(`${layout}, ${kind}: pdftoppm + dmtxread give back exactly the 113 bytes, which verify`, async () => {
        const path = save(await renderLabelPdf({ indicium, layout, from: FROM, to: TO }), `${layout}-${kind}.pdf`);
        const found = await scanIndiciaFromPdf(path);
        assert.equal(found.length, 1);
        assert.deepEqual(found[0], indicium);
        assert.equal(verifyIndicium(found[0] ?? Buffer.alloc(0), cert.certPem), true);
      });
    }
  }
});

describe('renderLabelPdf: content', () => {
  it('draws the symbol as vector rectangles, with no image anywhere', async () => {
    for (const layout of LAYOUTS) {
      const pdf = await renderLabelPdf({ indicium: postage, layout });
      assert.ok(!pdf.includes('/Subtype /Image'), `${layout} has an image XObject`);
      assert.ok(!pdf.includes('/XObject'), `${layout} has an XObject`);
      const rects = contentStreams(pdf).match(/ re\n/g)?.length ?? 0;
      assert.ok(rects > 100, `${layout}: only ${rects} rectangles`);
    }
  });

  it('prints the SPEC §5 human-readable text of a postage piece', async () => {
    const text = pdfText(save(await renderLabelPdf({ indicium: postage, layout: 'label-4x6', from: FROM, to: TO }), 'text.pdf'));
    for (const expected of ['US POSTAGE', '$0.740', 'FIRST-CLASS MAIL LETTER', '2026-11-24', 'FROM ZIP 94102', '0001-0001-00000042', 'PIECE 17', 'Jane Doe', 'New York NY 10001-1234']) {
      assert.ok(text.includes(expected), `missing "${expected}"`);
    }
    assert.ok(!text.includes('SAMPLE'));
  });

  it('marks a test print in large type, em dash included', async () => {
    for (const layout of LAYOUTS) {
      const path = save(await renderLabelPdf({ indicium: testPrint, layout }), `sample-${layout}.pdf`);
      assert.ok(pdfText(path).includes(SAMPLE_BANNER), `${layout} lacks the sample banner`);
      const sizes = [...pdfText(path, '-bbox').matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">SAMPLE</g)];
      assert.equal(sizes.length, 1);
      const height = Number(sizes[0]?.[2]) - Number(sizes[0]?.[1]);
      // The details beside the symbol are 7.5 pt; the banner must be far larger.
      assert.ok(height >= 12, `banner is only ${height} pt tall`);
    }
  });

  it('uses the given mail class label', async () => {
    const path = save(await renderLabelPdf({ indicium: postage, layout: 'envelope-10', mailClassLabel: 'FIRST-CLASS MAIL' }), 'class.pdf');
    assert.ok(pdfText(path).includes('FIRST-CLASS MAIL\n'));
  });

  it('test-envelope carries the alignment marks and the measuring instructions', async () => {
    const text = pdfText(save(await renderLabelPdf({ indicium: testPrint, layout: 'test-envelope' }), 'marks.pdf'));
    for (const expected of ['PRINTER ALIGNMENT TEST', 'A (25, 50 mm)', 'B (200, 85 mm)', 'INDICIUM AREA', 'Offset x = 25']) {
      assert.ok(text.includes(expected), `missing "${expected}"`);
    }
  });

  it('is deterministic: identical input gives identical bytes', async () => {
    const options: LabelOptions = { indicium: postage, layout: 'envelope-10', from: FROM, to: TO, offsetsMm: { x: 1, y: -1 } };
    assert.deepEqual(await renderLabelPdf(options), await renderLabelPdf(options));
  });

  it('renders concurrently without documents sharing state (fonts are reused across documents)', async () => {
    const options: LabelOptions[] = LAYOUTS.flatMap((layout) => [postage, testPrint].map((indicium) => ({ indicium, layout, from: FROM, to: TO })));
    const sequential: Buffer[] = [];
    for (const o of options) sequential.push(await renderLabelPdf(o));
    assert.deepEqual(await Promise.all(options.map((o) => renderLabelPdf(o))), sequential);
  });

  it('shifts everything printed by offsetsMm', async () => {
    const position = async (offsetsMm?: { x: number; y: number }) => {
      const path = save(await renderLabelPdf({ indicium: postage, layout: 'envelope-10', offsetsMm }), 'offset.pdf');
      const match = /xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>POSTAGE</.exec(pdfText(path, '-bbox'));
      assert.ok(match);
      return { x: Number(match[1]), y: Number(match[2]) };
    };
    const plain = await position();
    const shifted = await position({ x: 5, y: -3 });
    const mm = 72 / 25.4;
    assert.ok(Math.abs(shifted.x - plain.x - 5 * mm) < 0.05, `x moved ${shifted.x - plain.x} pt`);
    assert.ok(Math.abs(shifted.y - plain.y + 3 * mm) < 0.05, `y moved ${shifted.y - plain.y} pt`);
  });
});

describe('renderLabelPdf: refusals', () => {
  const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an unknown layout', { layout: 'a4' }, /layout must be one of/],
    ['an address a standard font cannot print', { to: 'Jörg\n東京' }, /cannot print/],
    ['an address with too many lines', { to: 'a\nb\nc\nd\ne\nf\ng' }, /more than 6 lines/],
    ['offsets beyond ±25 mm', { offsetsMm: { x: 30, y: 0 } }, /within ±25/],
    ['an unknown option', { colour: 'red' }, /invalid label options/],
    ['a 112-byte indicium', { indicium: postage.subarray(0, 112) }, /113 bytes/],
    ['an indicium that is not bytes', { indicium: postage.toString('base64url') }, /must be bytes/],
  ];
  for (const [name, change, message] of refusals) {
    it(`refuses ${name}`, async () => {
      await assert.rejects(
        renderLabelPdf({ indicium: postage, layout: 'label-4x6', ...change } as LabelOptions),
        (err: unknown) => err instanceof IndiciumError && message.test(err.message),
      );
    });
  }
});

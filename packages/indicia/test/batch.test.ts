// Batches: many pieces in one PDF, one page each (or two a sheet), in order, streamed — the next
// piece is only drawn when the reader wants more bytes — and a bad piece or an empty batch leaves
// no file behind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { IndiciumError, signIndicium } from '../src/index.ts';
import { renderBatch, renderLabelPdf, writeBatchPdf, type PieceContent } from '../src/pdf/index.ts';
import { scanIndiciaFromPdf } from '../src/scan.ts';
import { makeCertificate, POSTAGE_FIELDS } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-batch-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cert = makeCertificate(POSTAGE_FIELDS.certSerial);
const piece = (n: number): PieceContent & { indicium: Buffer } => ({
  indicium: signIndicium({ ...POSTAGE_FIELDS, rateCategory: 'GADV', pieceNumber: n, ar: POSTAGE_FIELDS.ar + n }, cert.privateKey),
  from: 'Acme Widgets\n650 Turk St\nSan Francisco CA 94102',
  to: `Customer ${n}\n1 Main St\nNew York NY 10001`,
});
const pageCount = (path: string) => Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [path], { encoding: 'utf8' }).stdout)?.[1]);

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return Buffer.concat(all);
}

describe('batches', () => {
  it('one page per piece, in order: each page gives back its own indicium', async () => {
    const pieces = [1, 2, 3, 4].map(piece);
    const path = join(dir, 'four.pdf');
    const done: number[] = [];
    const result = await writeBatchPdf(path, pieces, { layout: 'envelope-6x9' }, { onPiece: (n) => done.push(n) });
    assert.equal(result.pieces, 4);
    assert.deepEqual(done, [1, 2, 3, 4], 'progress after each piece');
    assert.equal(pageCount(path), 4);
    assert.deepEqual(await scanIndiciaFromPdf(path), pieces.map((p) => p.indicium));
  });

  it('a batch of one is byte for byte the single label', async () => {
    const one = piece(9);
    const options = { layout: 'package-4x6', offsetsMm: { x: 1.5, y: -2 } } as const;
    assert.deepEqual(await collect(renderBatch([one], options)), await renderLabelPdf({ ...one, ...options }));
  });

  it('streams: the first pages are handed on before later pieces are even asked for', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<PieceContent> {
      for (let n = 1; n <= 6; n++) {
        pulled = n;
        yield piece(n);
      }
    }
    const seen: number[] = [];
    const chunks: Buffer[] = [];
    for await (const chunk of renderBatch(source(), { layout: 'package-4x6', sheet: 'letter-2up' })) {
      seen.push(pulled);
      chunks.push(chunk);
    }
    // Sheet 1 (pieces 1–2) is handed on when piece 3 starts sheet 2, and so on: never the whole batch at once.
    assert.deepEqual(seen, [3, 5, 6]);
    const path = join(dir, 'streamed.pdf');
    writeFileSync(path, Buffer.concat(chunks));
    assert.equal(pageCount(path), 3);
  });

  it('refuses a bad piece by its number, an empty batch and a sheet of envelopes — leaving no file', async () => {
    const path = join(dir, 'refused.pdf');
    const cases: Array<[PieceContent[], object, RegExp]> = [
      [[piece(1), piece(2), { ...piece(3), to: 'a\nb\nc\nd\ne\nf\ng' }], { layout: 'package-4x6' }, /^piece 3: to address has more than 6 lines$/],
      [[piece(1), { ...piece(2), weightOz: 0 }], { layout: 'package-4x6' }, /^piece 2: weightOz must be a number of ounces above 0/],
      [[], { layout: 'package-4x6' }, /^a batch needs at least one piece$/],
      [[piece(1)], { layout: 'envelope-10', sheet: 'letter-2up' }, /a sheet carries 4×6 labels only \(label-4x6, package-4x6\)/],
      [[piece(1)], { layout: 'package-4x6', sheet: 'a4-4up' }, /sheet must be one of letter-2up/],
    ];
    for (const [pieces, options, message] of cases) {
      await assert.rejects(
        writeBatchPdf(path, pieces, options as Parameters<typeof writeBatchPdf>[2]),
        (err: unknown) => err instanceof IndiciumError && message.test(err.message),
        String(message),
      );
      assert.equal(existsSync(path), false);
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.partial')), [], 'no partial file left');
    }
  });
});

/** Indicium → PDF (packages/indicia): one piece, or a batch streamed into one file; PDF → PNG pages for the preview (pdftoppm). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderBatch, renderLabelPdf, writeBatchPdf, type PieceContent } from '@vbi/indicia/pdf';
import type { Layout, MailAddress, Sheet } from '../../shared/contract.ts';
import { run } from './run.ts';

export function addressLines(a: MailAddress): string {
  const line2 = [a.city, [a.state, a.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [a.name, [a.street, a.secondary].filter(Boolean).join(' '), line2].filter((l) => l.trim() !== '').join('\n');
}

/** What one piece prints. */
export interface PieceInput {
  indicium: Uint8Array;
  from?: MailAddress;
  to?: MailAddress;
  mailClassLabel?: string;
  /** Printed on package labels beside the service banner. */
  weightOz?: number;
}

/** What it prints on, and where the printer's setup moves it. */
export interface PageSetup {
  layout: Layout | 'test-envelope';
  sheet?: Sheet;
  offsetsMm: { x: number; y: number };
}

function pieceContent(p: PieceInput): PieceContent {
  return {
    indicium: Uint8Array.from(p.indicium),
    ...(p.from ? { from: addressLines(p.from) } : {}),
    ...(p.to ? { to: addressLines(p.to) } : {}),
    ...(p.mailClassLabel ? { mailClassLabel: p.mailClassLabel } : {}),
    ...(p.weightOz !== undefined ? { weightOz: p.weightOz } : {}),
  };
}

const batchOptions = (setup: PageSetup) => ({ layout: setup.layout, offsetsMm: setup.offsetsMm, ...(setup.sheet ? { sheet: setup.sheet } : {}) });

/** One piece as a PDF: a page of its layout, or the first label of a sheet. */
export async function renderPdf(input: PieceInput & PageSetup): Promise<Buffer> {
  if (input.sheet === undefined) return Buffer.from(await renderLabelPdf({ ...pieceContent(input), layout: input.layout, offsetsMm: input.offsetsMm }));
  const chunks: Buffer[] = [];
  for await (const chunk of renderBatch([pieceContent(input)], batchOptions(input))) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Many pieces into one PDF at `path`, drawn as `pieces` yields them (a piece is asked for only when
 * the one before is on the page); nothing is left at `path` when it fails part way.
 */
export async function writeBatch(path: string, pieces: AsyncIterable<PieceInput>, setup: PageSetup, onPiece?: (done: number) => void): Promise<number> {
  const contents = async function* () {
    for await (const piece of pieces) yield pieceContent(piece);
  };
  const written = await writeBatchPdf(path, contents(), batchOptions(setup), onPiece ? { onPiece } : {});
  return written.pieces;
}

/** Every page of the PDF as PNG (base64), rasterised by poppler from the very same bytes. */
export async function pdfToPngPages(pdf: Buffer, dpi = 96): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vbi-preview-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    await run('pdftoppm', ['-png', '-r', String(dpi), join(dir, 'doc.pdf'), join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.startsWith('page') && f.endsWith('.png'))
      .sort()
      .map((f) => readFileSync(join(dir, f)).toString('base64'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Many pieces in one PDF, streamed: pages are handed on as they are finished, and the next piece is
 * drawn only when the reader asks for more, so a batch of any size holds about one page's content in
 * memory (plus what pdfkit keeps for the file's end: its page tree and offsets, ~3.5 KB a page).
 * Single labels (one piece a page) or sheets (`letter-2up`: two 4×6 labels a page).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IndiciumError } from '../errors.ts';
import { createDocument } from './document.ts';
import { mm } from './geometry.ts';
import { batchOptionsSchema, checked, pieceSchema, type BatchOptions, type PieceContent } from './options.ts';
import { PAGES } from './pages.ts';
import { drawPiece } from './piece.ts';
import { SHEET_GEOMETRY } from './sheet.ts';

export interface BatchProgress {
  /** Called after each piece is drawn, with the number drawn so far. */
  onPiece?: (done: number) => void;
}

/**
 * The PDF's bytes, in order, as pages are finished. Pieces may come from an async source (e.g. as
 * the vault answers them). Throws IndiciumError on bad options, on a bad piece (naming it: "piece 3:
 * …") and on an empty batch.
 */
export async function* renderBatch(
  pieces: Iterable<PieceContent> | AsyncIterable<PieceContent>,
  options: BatchOptions,
  progress: BatchProgress = {},
): AsyncGenerator<Buffer> {
  const opts = checked(batchOptionsSchema, options, 'invalid batch options');
  const page = PAGES[opts.layout];
  const sheet = opts.sheet === undefined ? undefined : SHEET_GEOMETRY[opts.sheet];
  const paper = sheet ?? page;
  const slots = sheet?.slots.length ?? 1;
  const chunks: Buffer[] = [];
  let doc: PDFKit.PDFDocument | undefined;
  let count = 0;

  for await (const input of pieces) {
    const piece = checked(pieceSchema, input, `piece ${count + 1}`);
    const slot = count % slots;
    if (doc === undefined) {
      doc = createDocument(paper.width, paper.height, paper.title);
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    } else if (slot === 0) {
      // pdfkit writes the finished page out when the next one starts: hand its bytes on.
      doc.addPage({ size: [paper.width, paper.height], margin: 0 });
      yield Buffer.concat(chunks.splice(0));
    }
    if (slot === 0 && opts.offsetsMm) doc.translate(mm(opts.offsetsMm.x), mm(opts.offsetsMm.y));
    if (sheet) {
      doc.save();
      doc.transform(...sheet.slots[slot]!.transform);
      drawPiece(doc, page, piece);
      doc.restore();
    } else {
      drawPiece(doc, page, piece);
    }
    count++;
    progress.onPiece?.(count);
  }
  if (doc === undefined) throw new IndiciumError('a batch needs at least one piece');
  const ended = once(doc, 'end');
  doc.end();
  await ended;
  yield Buffer.concat(chunks.splice(0));
}

/**
 * Streams a batch into `path`: written beside it first and renamed when complete, so a failed
 * batch never leaves a partial PDF where a printer queue could pick it up. Returns the pieces drawn.
 */
export async function writeBatchPdf(
  path: string,
  pieces: Iterable<PieceContent> | AsyncIterable<PieceContent>,
  options: BatchOptions,
  progress: BatchProgress = {},
): Promise<{ pieces: number; bytes: number }> {
  const partial = `${path}.partial`;
  let count = 0;
  let bytes = 0;
  const counted = async function* () {
    for await (const chunk of renderBatch(pieces, options, { onPiece: (done) => ((count = done), progress.onPiece?.(done)) })) {
      bytes += chunk.length;
      yield chunk;
    }
  };
  try {
    await pipeline(Readable.from(counted()), createWriteStream(partial));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { pieces: count, bytes };
}

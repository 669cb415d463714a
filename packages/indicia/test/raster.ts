// Reading printed pages back with independent tools: poppler (pdftoppm rasters, pdftotext word
// boxes), dmtxread (Data Matrix, with its corners) and zbarimg (Code 128).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DPI = 300;
export const MM_PER_PX = 25.4 / DPI;
const PX_PER_PT = DPI / 72;
const scratch = mkdtempSync(join(tmpdir(), 'vbi-raster-'));
let rasters = 0;

/** A box in PDF points (words) or pixels (rasters), top-left origin. */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
export interface WordBox extends Rect {
  text: string;
}

export const overlaps = (a: Rect, b: Rect, slack = 0.5) =>
  Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > slack && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > slack;
export const inside = (a: Rect, b: Rect, slack = 0.5) => a.x0 >= b.x0 - slack && a.y0 >= b.y0 - slack && a.x1 <= b.x1 + slack && a.y1 <= b.y1 + slack;
export const rectOf = (a: { x: number; y: number; width: number; height: number }): Rect => ({ x0: a.x, y0: a.y, x1: a.x + a.width, y1: a.y + a.height });

/** Every word of one page with its box in points, as poppler lays the text out. */
export function words(pdfPath: string, page = 1): { page: { width: number; height: number }; boxes: WordBox[] } {
  const out = spawnSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', pdfPath, '-'], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  const size = /<page width="([\d.]+)" height="([\d.]+)">/.exec(out.stdout);
  assert.ok(size);
  const boxes = [...out.stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    x0: Number(m[1]),
    y0: Number(m[2]),
    x1: Number(m[3]),
    y1: Number(m[4]),
    text: m[5] ?? '',
  }));
  return { page: { width: Number(size[1]), height: Number(size[2]) }, boxes };
}

export interface Raster {
  path: string;
  width: number;
  height: number;
  dark(x: number, y: number): boolean;
}

/** One page at 300 dpi, grey, optionally only `crop` (in points); an 8-bit PGM. */
export function rasterise(pdfPath: string, page = 1, crop?: Rect): Raster {
  const base = join(scratch, `raster-${++rasters}`);
  const area = crop
    ? ['-x', crop.x0, '-y', crop.y0, '-W', crop.x1 - crop.x0, '-H', crop.y1 - crop.y0].map((v) => (typeof v === 'number' ? String(Math.round(v * PX_PER_PT)) : v))
    : [];
  const run = spawnSync('pdftoppm', ['-r', String(DPI), '-gray', '-f', String(page), '-l', String(page), '-singlefile', ...area, pdfPath, base]);
  assert.equal(run.status, 0, String(run.stderr));
  const pgm = readFileSync(`${base}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  assert.ok(header, 'pdftoppm wrote an 8-bit PGM');
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(header[0].length);
  return { path: `${base}.pgm`, width, height, dark: (x, y) => (pixels[y * width + x] ?? 255) < 128 };
}

/** The Data Matrix symbol dmtxread finds first: its payload and its box in pixels (corners from -R). */
export function findDataMatrix(raster: Raster): { payload: Buffer; box: Rect } | null {
  // -R prints the corners to stderr as "x,y:" four times, in the raster's pixels divided by -S.
  const shrink = 2;
  const scan = spawnSync('dmtxread', ['-N1', '-R', `-S${shrink}`, raster.path]);
  const corners = [...String(scan.stderr).matchAll(/(\d+),(\d+):/g)].map((m) => [Number(m[1]) * shrink, Number(m[2]) * shrink] as const);
  if (scan.status !== 0 || corners.length !== 4) return null;
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  return { payload: scan.stdout, box: { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) } };
}

/** Every Code 128 symbol zbarimg reads on the raster, as text. */
export function readCode128(raster: Raster): string[] {
  const scan = spawnSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Scode128.enable', raster.path], { encoding: 'utf8' });
  return scan.stdout.split('\n').filter((line) => line !== '');
}

/** Module edge of a 44×44 symbol found at `box` (pixels), in mm. */
export const moduleMm = (box: Rect) => ((box.x1 - box.x0 + (box.y1 - box.y0)) / 2 / 44) * MM_PER_PX;

/** Dark pixels in the ring from just outside the symbol (corners are found to ±1 shrunk pixel) to 2 modules out. */
export function quietZoneDarkPixels(raster: Raster, box: Rect): number {
  const modulePx = moduleMm(box) / MM_PER_PX;
  const inner = 3;
  const outer = Math.floor(2 * modulePx) - 1;
  const inRing = (x: number, y: number) => x < box.x0 - inner || x > box.x1 + inner || y < box.y0 - inner || y > box.y1 + inner;
  let dark = 0;
  for (let y = box.y0 - outer; y <= box.y1 + outer; y++) {
    for (let x = box.x0 - outer; x <= box.x1 + outer; x++) if (inRing(x, y) && raster.dark(x, y)) dark++;
  }
  return dark;
}

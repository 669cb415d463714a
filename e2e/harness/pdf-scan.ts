/**
 * Reads printed postage back the way a post office would: rasterise the PDF page (pdftoppm)
 * and decode the Data Matrix with an independent decoder (dmtxread, libdmtx), not our encoder.
 * Decoding is @vbi/indicia's own reader (scan.ts, which the package does not export yet, hence
 * the path); finding where the symbol sits is ours.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scanIndiciaFromPdf } from '../../packages/indicia/src/scan.ts';

const run = promisify(execFile);
/** Rasterising resolution for locating the symbol: 200 dpi, ~0.13 mm per pixel. */
const SCAN_DPI = 200;
const DECODE_LIMIT_MS = 30_000;

/** dmtxread's verbose report (stderr) on the PDF's first page, rasterised at SCAN_DPI. */
async function scanReport(pdfPath: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vbi-e2e-scan-'));
  try {
    await run('pdftoppm', ['-r', String(SCAN_DPI), '-f', '1', '-l', '1', '-png', pdfPath, join(dir, 'page')]);
    const [png] = (await readdir(dir)).filter((f) => f.endsWith('.png'));
    if (!png) throw new Error(`pdftoppm rendered no page from ${pdfPath}`);
    const args = ['-v', '-N', '1', '-m', String(DECODE_LIMIT_MS), join(dir, png)];
    const { stdout, stderr } = await run('dmtxread', args, { encoding: 'buffer', maxBuffer: 1 << 20 });
    if (stdout.length === 0) throw new Error(`dmtxread found no Data Matrix in ${pdfPath}`);
    return stderr.toString('latin1');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The 113-byte indicium of the one-page PDF; fails clearly when there is none or it is not 113 bytes. */
export async function scanIndicium(pdfPath: string): Promise<Buffer> {
  const found = await scanIndiciaFromPdf(pdfPath);
  if (found.length !== 1) throw new Error(`expected one Data Matrix in ${pdfPath}, dmtxread found ${found.length}`);
  const bytes = found[0]!;
  if (bytes.length !== 113) throw new Error(`the Data Matrix holds ${bytes.length} bytes, an indicium has 113`);
  return bytes;
}

/**
 * Where the symbol sits on the page, in mm from the page's left and top edges (its top-left
 * corner). dmtxread's verbose report gives the corners in image pixels (origin top-left).
 */
export async function symbolPositionMm(pdfPath: string): Promise<{ x: number; y: number }> {
  const report = await scanReport(pdfPath);
  const corners = [...report.matchAll(/Corner \d: \(([\d.]+), ([\d.]+)\)/g)].slice(0, 4);
  if (corners.length < 4) throw new Error('dmtxread reported no corner locations');
  const xs = corners.map((c) => Number(c[1]));
  const ys = corners.map((c) => Number(c[2]));
  const toMm = (px: number) => (px / SCAN_DPI) * 25.4;
  return { x: toMm(Math.min(...xs)), y: toMm(Math.min(...ys)) };
}

// Reads printed indicia back: pdftoppm (poppler-utils) rasterises, dmtxread (dmtx-utils), an
// independent Data Matrix decoder, finds and decodes the symbol.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndiciumError } from './errors.ts';

/** Rasterising resolution: a 0.65 mm module is ~7.7 pixels. */
const SCAN_DPI = 300;
/** dmtxread gives up on one image after this long (it can search a busy page for a long time). */
const DMTX_TIME_LIMIT_MS = 30_000;

interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function run(command: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(new IndiciumError(err.code === 'ENOENT' ? `${command} is not installed` : `${command} failed to start: ${err.message}`)),
    );
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

/**
 * The raw bytes of the first Data Matrix symbol in a raster image (PNG, PGM, … anything
 * dmtxread reads), or null when none is found. dmtxread writes the decoded bytes to stdout
 * unchanged (we never pass -U or -n), so binary payloads survive.
 */
async function scanImage(path: string): Promise<Buffer | null> {
  // -N1: stop at the first symbol (a busy page otherwise keeps it searching); -S2: search at half
  // resolution first, which is ~8× faster on a 300 dpi page; retry at full resolution for small prints.
  for (const shrink of [['-S2'], []]) {
    const result = await run('dmtxread', ['-N1', `-m${DMTX_TIME_LIMIT_MS}`, ...shrink, path]);
    if (result.code === 0 && result.stdout.length > 0) return result.stdout;
  }
  return null;
}

/** Payloads of the Data Matrix symbols found in an image file: at most one (the first found). */
export async function scanIndiciaFromPng(path: string): Promise<Buffer[]> {
  const found = await scanImage(path);
  return found ? [found] : [];
}

/** Rasterises every page at 300 dpi and returns the symbol payload found on each page, in page order. */
export async function scanIndiciaFromPdf(path: string): Promise<Buffer[]> {
  const dir = await mkdtemp(join(tmpdir(), 'vbi-scan-'));
  try {
    const raster = await run('pdftoppm', ['-r', String(SCAN_DPI), '-png', path, join(dir, 'page')]);
    if (raster.code !== 0) throw new IndiciumError(`could not rasterise ${path}: ${raster.stderr.trim() || `pdftoppm exit ${raster.code}`}`);
    // pdftoppm zero-pads page numbers to a common width, so name order is page order.
    const pages = (await readdir(dir)).filter((name) => name.endsWith('.png')).sort();
    const found: Buffer[] = [];
    for (const page of pages) {
      const payload = await scanImage(join(dir, page));
      if (payload) found.push(payload);
    }
    return found;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

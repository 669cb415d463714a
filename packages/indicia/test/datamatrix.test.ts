import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { encodeDataMatrix, type DataMatrix } from '../src/datamatrix.ts';
import { IndiciumError } from '../src/index.ts';
import { scanIndiciaFromPng } from '../src/scan.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-dm-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The symbol as a binary PGM image, 6 pixels per module, 4-module quiet zone. */
function writePgm(matrix: DataMatrix, name: string): string {
  const scale = 6;
  const quiet = 4;
  const side = (matrix.size + 2 * quiet) * scale;
  const pixels = Buffer.alloc(side * side, 255);
  matrix.modules.forEach((line, row) =>
    line.forEach((dark, col) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++) {
        const start = ((row + quiet) * scale + dy) * side + (col + quiet) * scale;
        pixels.fill(0, start, start + scale);
      }
    }),
  );
  const path = join(dir, `${name}.pgm`);
  writeFileSync(path, Buffer.concat([Buffer.from(`P5 ${side} ${side} 255\n`), pixels]));
  return path;
}

const range = (from: number, count: number) => Buffer.from(Array.from({ length: count }, (_, i) => (from + i) & 0xff));

describe('encodeDataMatrix', () => {
  it('always makes a 44×44 symbol, even for data that would fit a smaller one', () => {
    for (const payload of [Buffer.alloc(113), Buffer.alloc(113, 0xff), Buffer.from('1234567890'.repeat(11) + '123')]) {
      const matrix = encodeDataMatrix(payload);
      assert.equal(matrix.size, 44);
      assert.equal(matrix.modules.length, 44);
      assert.ok(matrix.modules.every((line) => line.length === 44));
      // ECC 200 finder: solid left column and bottom row.
      assert.ok(matrix.modules.every((line) => line[0] === true));
      assert.ok(matrix.modules[43]?.every((dark) => dark));
    }
  });

  it('round-trips every byte value 0x00–0xFF exactly through dmtxread', async () => {
    const payloads = {
      low: range(0, 113),
      middle: range(113, 113),
      high: range(226, 113), // 226–255, then 0–82
      zeros: Buffer.alloc(113),
      ones: Buffer.alloc(113, 0xff),
      digits: Buffer.from('0123456789'.repeat(12).slice(0, 113)),
    };
    for (const [name, payload] of Object.entries(payloads)) {
      const found = await scanIndiciaFromPng(writePgm(encodeDataMatrix(payload), name));
      assert.equal(found.length, 1, name);
      assert.deepEqual(found[0], payload, name);
    }
  });

  it('refuses empty and oversized payloads', () => {
    assert.throws(() => encodeDataMatrix(new Uint8Array(0)), IndiciumError);
    assert.throws(() => encodeDataMatrix(new Uint8Array(143)), /1–142 bytes/);
  });
});

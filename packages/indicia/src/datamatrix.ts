import bwipjs from 'bwip-js/node';
import { IndiciumError } from './errors.ts';

/** SPEC §5: a 113-byte indicium always fits a 44×44 ECC 200 symbol, so every label has the same geometry. */
export const INDICIUM_SYMBOL_SIZE = 44;
/** Largest payload of a 44×44 symbol in base-256 mode (144 data codewords − latch − 2 length bytes). */
const MAX_BYTES = 141;

export interface DataMatrix {
  /** Modules per side, without quiet zone. */
  size: number;
  /** modules[row][column], row 0 at the top; true = dark. */
  modules: boolean[][];
}

/**
 * Encodes bytes as a square 44×44 Data Matrix ECC 200. The bytes go in as latin1 text with
 * bwip-js's `binarytext`, so every value 0x00–0xFF is encoded as itself (no UTF-8 step, no
 * escape parsing).
 */
export function encodeDataMatrix(bytes: Uint8Array): DataMatrix {
  if (bytes.length === 0 || bytes.length > MAX_BYTES) {
    throw new IndiciumError(`Data Matrix payload must be 1–${MAX_BYTES} bytes, got ${bytes.length}`);
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  // rows/columns are BWIPP datamatrix options the bwip-js typings do not list.
  const options: bwipjs.RawOptions & { rows: number; columns: number } = {
    bcid: 'datamatrix',
    text,
    binarytext: true,
    rows: INDICIUM_SYMBOL_SIZE,
    columns: INDICIUM_SYMBOL_SIZE,
  };
  const [symbol] = bwipjs.raw(options);
  if (!symbol || !('pixs' in symbol) || symbol.pixx !== INDICIUM_SYMBOL_SIZE || symbol.pixy !== INDICIUM_SYMBOL_SIZE) {
    throw new IndiciumError('Data Matrix encoder did not produce a 44×44 symbol');
  }
  const size = INDICIUM_SYMBOL_SIZE;
  const modules: boolean[][] = [];
  for (let row = 0; row < size; row++) {
    const line: boolean[] = new Array<boolean>(size);
    for (let col = 0; col < size; col++) line[col] = symbol.pixs[row * size + col] === 1;
    modules.push(line);
  }
  return { size, modules };
}

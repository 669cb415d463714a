import { randomFillSync } from 'node:crypto';

/**
 * Random bytes drawn from a buffer refilled 64 KiB at a time: one CSPRNG call serves thousands
 * of IVs and challenges (a call per value was a measurable cost in a module's batch).
 */
const POOL_BYTES = 64 * 1024;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

export function randomBytesPooled(n: number): Buffer {
  if (n > POOL_BYTES) throw new RangeError('request larger than the random pool');
  if (offset + n > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + n));
  pool.fill(0, offset, offset + n);
  offset += n;
  return out;
}

/** A 16-byte challenge as base64url. */
export function randomChallenge(): string {
  return randomBytesPooled(16).toString('base64url');
}

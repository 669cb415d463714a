/** Message MACs of SPEC §3.1: HMAC-SHA256(HMK, "vbi1:" + direction + ":" + op + ":" + JCS(body)). */
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { b64urlBytesPattern } from '../fields.ts';
import { canonicalJson } from '../jcs.ts';
import type { OpName } from '../ops.ts';

export type MacDirection = 'req' | 'res';

const HMK_BYTES = 32;
const MAC_TEXT = b64urlBytesPattern(32);

export function macInput(direction: MacDirection, op: OpName, body: unknown): string {
  return `vbi1:${direction}:${op}:${canonicalJson(body)}`;
}

function hmacOfText(hmk: Uint8Array, direction: MacDirection, op: OpName, canonicalBody: string) {
  if (hmk.byteLength !== HMK_BYTES) {
    throw new TypeError(`HMK must be ${HMK_BYTES} bytes`);
  }
  return createHmac('sha256', hmk).update(`vbi1:${direction}:${op}:${canonicalBody}`, 'utf8').digest();
}

function hmacDigest(hmk: Uint8Array, direction: MacDirection, op: OpName, body: unknown) {
  return hmacOfText(hmk, direction, op, canonicalJson(body));
}

/** The MAC as unpadded base64url. */
export function computeMac(hmk: Uint8Array, direction: MacDirection, op: OpName, body: unknown): string {
  return hmacDigest(hmk, direction, op, body).toString('base64url');
}

/**
 * The MAC of a body whose JCS text the caller already has (`canonicalJson(body)`), so a sender
 * that also puts that text on the wire canonicalises once.
 */
export function computeMacOfCanonical(hmk: Uint8Array, direction: MacDirection, op: OpName, canonicalBody: string): string {
  return hmacOfText(hmk, direction, op, canonicalBody).toString('base64url');
}

/** Constant-time check of a received MAC. False for anything malformed; never throws. */
export function verifyMac(hmk: Uint8Array, direction: MacDirection, op: OpName, body: unknown, mac: string): boolean {
  try {
    if (typeof mac !== 'string' || !MAC_TEXT.test(mac)) return false;
    const expected = hmacDigest(hmk, direction, op, body);
    return timingSafeEqual(expected, Buffer.from(mac, 'base64url'));
  } catch {
    return false;
  }
}

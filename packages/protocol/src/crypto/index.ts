// @vbi/protocol/crypto — Node only (node:crypto, Buffer). Never import from the renderer.
export { fromB64url, toB64url } from './b64url.ts';
export { computeMac, computeMacOfCanonical, macInput, verifyMac, type MacDirection } from './mac.ts';
export { randomNonce } from './random.ts';
export { openSealed, openSealedWith, sealForBank } from './seal.ts';

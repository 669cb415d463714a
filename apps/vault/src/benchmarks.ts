/**
 * `@vbi/vault/benchmarks`: the vault's internals that `pnpm bench` measures on their own (key
 * backends, package sealing). Nothing else imports this surface.
 */
export { openPackage, sealPackage, unwrapSecret, wrapSecret, type PsdPackage } from './bank/psd-package.ts';
export type { KeyBackend } from './keystore/backend.ts';
export { generateKeys } from './keystore/generate.ts';
export { openKeyStore, writeKeyStore } from './keystore/keystore.ts';
export { openBackend } from './keystore/open-backend.ts';
export { initTokenVault } from './keystore/pkcs11/init-token.ts';
export { softHsmToken } from './testing/softhsm.ts';

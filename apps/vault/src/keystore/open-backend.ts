/** Opens a thread's key backend from its access, and narrows an access to what a thread needs. */
import { MINT_KEYS, MODULE_KEYS, type KeyAccess, type KeyBackend, type KeyName, type ModuleKeys } from './backend.ts';
import { openKeyStore, type KeyStore } from './keystore.ts';
import { pkcs11Backend } from './pkcs11/pkcs11-backend.ts';
import { pickSoftwareKeys, softwareBackend } from './software-backend.ts';

export function openBackend(access: KeyAccess): KeyBackend {
  return access.kind === 'software' ? softwareBackend(access.keys) : pkcs11Backend(access.token);
}

/**
 * The access a thread gets: the software store hands over copies of the named keys only (derived
 * ones made here); a token's access names the token (which of its keys a thread uses is up to
 * the code, as every session of a logged-in process may use every key).
 */
export function narrowAccess(access: KeyAccess, names: readonly KeyName[]): KeyAccess {
  return access.kind === 'software' ? { kind: 'software', keys: pickSoftwareKeys(access.keys, names) } : access;
}

/** Overwrites the key bytes an access holds (the main thread, once its workers have their copies). */
export function wipeAccess(access: KeyAccess): void {
  if (access.kind === 'software') for (const key of Object.values(access.keys)) key?.fill(0);
}

/** The key backend of the vault in `dataDir`, for a command that works on its own (backup, verify-log, recover). */
export function openVaultBackend(dataDir: string): KeyBackend {
  const { access } = openKeyStore(dataDir);
  try {
    return openBackend(access);
  } finally {
    wipeAccess(access);
  }
}

/** What module workers that serve meters are handed: the module keys (no CA, release or backup key). */
export function moduleKeys(store: KeyStore): ModuleKeys {
  return { access: narrowAccess(store.access, MODULE_KEYS), caCertPem: store.caCertPem };
}

/** What a minting module is handed: the PSD wrapping key, the CA key and certificate, nothing else. */
export function mintKeys(store: KeyStore): ModuleKeys {
  return { access: narrowAccess(store.access, MINT_KEYS), caCertPem: store.caCertPem };
}

/** The PSD key for the operator console's reads of sealed packages (nothing else of the key store). */
import type { AeadKey } from '../keystore/backend.ts';
import { openKeyStore } from '../keystore/keystore.ts';
import { narrowAccess, openBackend, wipeAccess } from '../keystore/open-backend.ts';

export async function withPsdKey<T>(dataDir: string, work: (psd: AeadKey) => Promise<T>): Promise<T> {
  const { access } = openKeyStore(dataDir);
  const backend = openBackend(narrowAccess(access, ['psdWrap']));
  wipeAccess(access);
  try {
    return await work(backend.psd);
  } finally {
    backend.close();
  }
}

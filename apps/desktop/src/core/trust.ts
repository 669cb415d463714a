/** The pinned trust bundle (SPEC §2): read from a folder shipped with the app, never the network. */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TrustBundle {
  bankAuth: KeyObject;
  bankEncPem: string;
  caPem: string;
  releasePem: string;
  /** A development TLS certificate to trust for this vault (`vault dev-cert`), when the bundle has one. */
  tlsDevPem?: string;
}

export function loadTrustBundle(dir: string): TrustBundle {
  const read = (name: string): string => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      throw new Error(`trust bundle file ${name} missing in ${dir}`);
    }
  };
  const bankEncPem = read('bank-enc.pub.pem');
  createPublicKey(bankEncPem); // fail early on a damaged file
  return {
    bankAuth: createPublicKey(read('bank-auth.pub.pem')),
    bankEncPem,
    caPem: read('ca.pem'),
    releasePem: read('release.pub.pem'),
    ...(existsSync(join(dir, 'tls-dev.pem')) ? { tlsDevPem: read('tls-dev.pem') } : {}),
  };
}

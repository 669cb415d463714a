import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signerFromKey, type ReleaseSigner } from '../../src/updates/release-signature.ts';

/** A temporary vault data folder holding only what publishing needs: `trust/release.pub.pem`
 * and the matching Ed25519 signer. */
export interface FeedFixture {
  dataDir: string;
  publicKey: KeyObject;
  publicKeyPem: string;
  privateKey: KeyObject;
  signer: ReleaseSigner;
  /** Writes an artifact of `size` random bytes in a scratch folder and returns its path. */
  artifact(name: string, size?: number): Promise<string>;
  cleanup(): Promise<void>;
}

export async function makeFeedFixture(): Promise<FeedFixture> {
  const root = await mkdtemp(join(tmpdir(), 'vbi-updates-'));
  const dataDir = join(root, 'data');
  const scratch = join(root, 'scratch');
  await mkdir(join(dataDir, 'trust'), { recursive: true });
  await mkdir(scratch);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await writeFile(join(dataDir, 'trust', 'release.pub.pem'), publicKeyPem);
  return {
    dataDir,
    publicKey,
    publicKeyPem,
    privateKey,
    signer: signerFromKey(privateKey),
    async artifact(name, size = 4096) {
      const path = join(scratch, name);
      await writeFile(path, randomBytes(size));
      return path;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

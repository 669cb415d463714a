/** ECDSA P-256 signatures per second on one thread: the yardstick the vault rate is compared with. */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** Signs 49-byte messages (the signed part of an indicium) for `seconds` with an imported KeyObject. */
export function ecdsaSignPerSecond(seconds: number): number {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // Imported from PKCS#8 like a key unwrapped from a store, then reused for every signature.
  const key = createPrivateKey({ key: privateKey.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' });
  const message = randomBytes(49);
  for (let i = 0; i < 200; i++) sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' });
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  let count = 0;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 100; i++) sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' });
    count += 100;
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}

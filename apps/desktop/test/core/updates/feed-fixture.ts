/**
 * The vault's real update feed for the desktop's update tests: its publisher and HTTP handler on
 * a local port, with a fresh Ed25519 release key, in a temporary folder.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUpdateFeedHandler, publishRelease, signerFromKey } from '../../../../vault/src/updates/index.ts';

export interface FeedFixture {
  root: string;
  dataDir: string;
  releaseKey: KeyObject;
  publicKeyPem: string;
  /** The channel's folder inside the feed. */
  channelDir(channel: string): string;
  /** The channel's base URL, as the app is configured with it. */
  feed(channel: string): string;
  /** Publishes `size` random bytes as `VBI-Meter-<version>.<ext>`; returns the bytes. */
  publish(channel: string, version: string, opts?: { size?: number; notes?: string; ext?: string }): Promise<Buffer>;
  close(): Promise<void>;
}

export async function startFeed(): Promise<FeedFixture> {
  const root = await mkdtemp(join(tmpdir(), 'vbi-desktop-feed-'));
  const dataDir = join(root, 'data');
  await mkdir(join(dataDir, 'trust'), { recursive: true });
  const pair = generateKeyPairSync('ed25519');
  const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await writeFile(join(dataDir, 'trust', 'release.pub.pem'), publicKeyPem);
  await mkdir(join(dataDir, 'updates'));
  const handle = createUpdateFeedHandler({ feedDir: join(dataDir, 'updates') });
  const server = createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    root,
    dataDir,
    releaseKey: pair.privateKey,
    publicKeyPem,
    channelDir: (channel) => join(dataDir, 'updates', channel),
    feed: (channel) => `${baseUrl}/updates/${channel}/`,
    async publish(channel, version, opts = {}) {
      const bytes = randomBytes(opts.size ?? 200_000);
      const file = join(root, `VBI-Meter-${version}.${opts.ext ?? 'AppImage'}`);
      await writeFile(file, bytes);
      await publishRelease({ dataDir, channel, version, file, ...(opts.notes !== undefined ? { notes: opts.notes } : {}) }, signerFromKey(pair.privateKey));
      return bytes;
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await rm(root, { recursive: true, force: true });
    },
  };
}

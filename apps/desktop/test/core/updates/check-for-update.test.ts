import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { approvesUpdaterInfo, checkForUpdate, verifyDownloadedFile, type AvailableUpdate } from '../../../src/core/updates/index.ts';
// The real vault feed (publisher and HTTP handler), not a stand-in.
import { startFeed, type FeedFixture } from './feed-fixture.ts';

describe('desktop update check against the vault feed', () => {
  let f: FeedFixture;
  const channelDir = (channel: string) => f.channelDir(channel);
  const feed = (channel: string) => f.feed(channel);
  const check = (channel: string, currentVersion = '1.0.0', pem?: string) =>
    checkForUpdate({ feedBaseUrl: feed(channel), platform: 'linux', currentVersion, releasePublicKeyPem: pem ?? f.publicKeyPem });
  const publish = (channel: string, version: string, size?: number, notes?: string) =>
    f.publish(channel, version, { ...(size !== undefined ? { size } : {}), ...(notes !== undefined ? { notes } : {}) });

  async function available(channel: string, currentVersion = '1.0.0'): Promise<AvailableUpdate> {
    const result = await check(channel, currentVersion);
    assert.equal(result.status, 'available', JSON.stringify(result));
    return result as AvailableUpdate;
  }

  before(async () => {
    f = await startFeed();
  });
  after(() => f.close());

  it('reports an empty channel as offline, not as an update', async () => {
    const result = await check('empty');
    assert.deepEqual(result, { status: 'offline', reason: 'no release is published on this channel (latest-linux.yml not found)' });
  });

  it('offers a newer signed release, and reports the running version as current otherwise', async () => {
    const bytes = await publish('stable', '1.0.0');
    assert.deepEqual(await check('stable', '1.0.0'), { status: 'current', version: '1.0.0' });
    assert.deepEqual(await check('stable', '1.1.0'), { status: 'current', version: '1.1.0' });

    await publish('stable', '1.2.0-beta.1', 1000);
    await publish('stable', '1.2.0', 1000, 'Faster printing.');
    const offer = await available('stable', '1.0.0');
    assert.equal(offer.version, '1.2.0');
    assert.equal(offer.releaseNotes, 'Faster printing.');
    assert.equal(offer.file.url, `${feed('stable')}VBI-Meter-1.2.0.AppImage`);
    assert.equal(offer.file.size, 1000);
    assert.ok(!Number.isNaN(Date.parse(offer.releaseDate)));
    assert.equal((await available('stable', '1.2.0-beta.1')).version, '1.2.0', 'a prerelease is older than its release');
    assert.equal(bytes.length, 200_000);
  });

  /** Fetches the offered file as electron-updater would, into `dest`. */
  async function download(offer: AvailableUpdate, dest: string): Promise<void> {
    const res = await fetch(offer.file.url);
    assert.equal(res.status, 200);
    await writeFile(dest, Buffer.from(await res.arrayBuffer()));
  }

  it('the offered file, downloaded from the vault, passes the gate', async () => {
    const bytes = await publish('download', '2.0.0', 300_000);
    const offer = await available('download');
    const dest = join(f.root, 'download.AppImage');
    await download(offer, dest);
    assert.deepEqual(await readFile(dest), bytes);
    assert.deepEqual(await verifyDownloadedFile(offer, dest), { ok: true });
  });

  it('refuses a tampered yml', async () => {
    await publish('tampered-yml', '2.0.0');
    const path = join(channelDir('tampered-yml'), 'latest-linux.yml');
    await writeFile(path, (await readFile(path, 'utf8')).replace('version: 2.0.0', 'version: 2.0.1'));
    const result = await check('tampered-yml');
    assert.equal(result.status, 'refused');
    assert.match((result as { reason: string }).reason, /signature of latest-linux\.yml does not verify with the pinned release key.*update refused/);
  });

  it('refuses a tampered, garbled, foreign or missing signature', async () => {
    await publish('tampered-sig', '2.0.0');
    const sigPath = join(channelDir('tampered-sig'), 'latest-linux.yml.sig');
    const ymlPath = join(channelDir('tampered-sig'), 'latest-linux.yml');
    const original = Buffer.from((await readFile(sigPath, 'utf8')).trim(), 'base64');

    const flipped = Buffer.from(original);
    flipped[10]! ^= 0x01;
    await writeFile(sigPath, `${flipped.toString('base64')}\n`);
    assert.match(JSON.stringify(await check('tampered-sig')), /"refused".*does not verify with the pinned release key/);

    const foreign = sign(null, await readFile(ymlPath), generateKeyPairSync('ed25519').privateKey);
    await writeFile(sigPath, foreign.toString('base64'));
    assert.match(JSON.stringify(await check('tampered-sig')), /"refused".*does not verify with the pinned release key/);

    await writeFile(sigPath, 'not a signature\n');
    assert.match(JSON.stringify(await check('tampered-sig')), /"refused".*latest-linux\.yml\.sig is not an Ed25519 signature/);

    await rm(sigPath);
    assert.deepEqual(await check('tampered-sig'), {
      status: 'refused',
      reason: 'the update feed is not signed (latest-linux.yml.sig is missing); update refused',
    });
  });

  it('refuses a well-signed feed that is malformed or points outside its folder', async () => {
    const dir = channelDir('odd');
    await mkdir(dir, { recursive: true });
    const sha = randomBytes(64).toString('base64');
    const write = async (yml: string) => {
      await writeFile(join(dir, 'latest-linux.yml'), yml);
      await writeFile(join(dir, 'latest-linux.yml.sig'), sign(null, Buffer.from(yml), f.releaseKey).toString('base64'));
    };
    await write(`version: 3.0.0\nfiles:\n  - url: https://elsewhere.example/x.AppImage\n    sha512: ${sha}\n    size: 5\nreleaseDate: '2026-01-01T00:00:00.000Z'\n`);
    assert.match(JSON.stringify(await check('odd')), /"refused".*malformed \(files\.0\.url: file url must be a plain file name\)/);
    await write('version: [unclosed\n');
    assert.match(JSON.stringify(await check('odd')), /"refused".*not valid YAML/);
    await write(`version: 3.0\nfiles: []\nreleaseDate: x\n`);
    assert.match(JSON.stringify(await check('odd')), /"refused".*malformed/);
  });

  it('refuses an artifact swapped on the feed after the check: other bytes, more or fewer', async () => {
    await publish('tampered-file', '2.0.0', 50_000);
    const offer = await available('tampered-file');
    const artifact = join(channelDir('tampered-file'), 'VBI-Meter-2.0.0.AppImage');
    const dest = join(f.root, 'tampered.AppImage');
    for (const size of [50_000, 60_000, 40_000]) {
      await writeFile(artifact, randomBytes(size));
      await download(offer, dest);
      assert.match(JSON.stringify(await verifyDownloadedFile(offer, dest)), /"ok":false.*does not match the sha512 in the signed feed/, `${size} bytes`);
    }
  });

  it('refuses a pinned key that is not Ed25519 and reports an unreachable feed as offline', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    assert.deepEqual(await check('stable', '1.0.0', rsa), { status: 'refused', reason: 'the pinned release key is not an Ed25519 public key' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await checkForUpdate({ feedBaseUrl: `http://127.0.0.1:${port}/updates/stable/`, platform: 'linux', currentVersion: '1.0.0', releasePublicKeyPem: f.publicKeyPem });
    assert.equal(result.status, 'offline');
    assert.match((result as { reason: string }).reason, /could not reach the update feed .*ECONNREFUSED/);
  });

  it('gates electron-updater: approves only the verified release, and re-checks a downloaded file', async () => {
    const bytes = await publish('gate', '4.0.0', 10_000);
    const verified = await available('gate');
    const { sha512 } = verified.file;
    const file = (hash: string) => ({ url: 'VBI-Meter-4.0.0.AppImage', sha512: hash });
    assert.deepEqual(approvesUpdaterInfo(verified, { version: '4.0.0', files: [file(sha512)] }), { ok: true });
    assert.match(JSON.stringify(approvesUpdaterInfo(verified, { version: '4.0.1', files: [file(sha512)] })), /signed feed offers 4\.0\.0/);
    assert.match(JSON.stringify(approvesUpdaterInfo(verified, { version: '4.0.0', files: [file('AAAA')] })), /sha512 differs/);
    assert.match(JSON.stringify(approvesUpdaterInfo(verified, { version: '4.0.0', files: [file(sha512), file('AAAA')] })), /sha512 differs/);
    assert.equal(approvesUpdaterInfo(verified, { version: '4.0.0', files: [] }).ok, false);

    const good = join(f.root, 'gate-good.AppImage');
    await writeFile(good, bytes);
    assert.deepEqual(await verifyDownloadedFile(verified, good), { ok: true });
    const bad = join(f.root, 'gate-bad.AppImage');
    await writeFile(bad, Buffer.concat([bytes.subarray(0, 9_999), Buffer.from([bytes[9_999]! ^ 1])]));
    assert.match(JSON.stringify(await verifyDownloadedFile(verified, bad)), /does not match the sha512/);
    assert.match(JSON.stringify(await verifyDownloadedFile(verified, join(f.root, 'missing'))), /cannot be read/);
  });
});

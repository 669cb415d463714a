// The vault's feed as electron-builder and electron-updater see it, and the gated installer
// driving the real electron-updater (in Node) against the real vault feed handler.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { approvesUpdaterInfo, checkForUpdate, createGatedInstaller, type AvailableUpdate, type InstallState } from '../../../src/core/updates/index.ts';
import { nodeAppImageUpdater, parseUpdateInfo, serializeToYaml } from './electron-updater-in-node.ts';
// The real vault feed (publisher and HTTP handler), not a stand-in.
import { startFeed, type FeedFixture } from './feed-fixture.ts';

describe('the vault feed through electron-builder’s and electron-updater’s eyes', () => {
  let f: FeedFixture;
  const channelDir = (channel: string) => f.channelDir(channel);
  const feed = (channel: string) => f.feed(channel);
  const publish = (channel: string, version: string, opts: { size?: number; notes?: string; ext?: string } = {}) =>
    f.publish(channel, version, { size: 50_000, ...opts });

  async function signedCheck(channel: string): Promise<AvailableUpdate> {
    const result = await checkForUpdate({ feedBaseUrl: feed(channel), platform: 'linux', currentVersion: '1.0.0', releasePublicKeyPem: f.publicKeyPem });
    assert.equal(result.status, 'available', JSON.stringify(result));
    return result as AvailableUpdate;
  }

  const updaterFor = (channel: string) => nodeAppImageUpdater({ version: '1.0.0', feedUrl: feed(channel), dir: join(f.root, 'apps', channel) });
  const pendingFiles = (channel: string) => {
    const dir = join(f.root, 'apps', channel, 'cache', 'vbi-meter-updater', 'pending');
    return existsSync(dir) ? readdirSync(dir).filter((name) => !name.startsWith('temp-') && name !== 'update-info.json') : [];
  };

  before(async () => {
    f = await startFeed();
  });
  after(() => f.close());

  it('every update-info file is byte for byte electron-builder’s serializeToYaml of its fields', async () => {
    const notes = [undefined, 'Faster label printing.', 'Fix: printing\nNew: envelopes', 'yes', "it's 100% done", '#1 fix', '- dash first', 'tab\there', 'ends with a newline\n', '  indented', 'Ümlaut ✉'];
    let patch = 0;
    for (const [ext, yml] of [['AppImage', 'latest-linux.yml'], ['exe', 'latest.yml'], ['dmg', 'latest-mac.yml']] as const) {
      for (const note of notes) {
        patch += 1;
        const version = `1.1.${patch}`;
        const bytes = await publish('serialized', version, { size: 1000, notes: note, ext });
        const text = await readFile(join(channelDir('serialized'), yml), 'utf8');
        const info = parseUpdateInfo(text, yml, new URL(yml, feed('serialized'))) as Record<string, unknown>;
        const name = `VBI-Meter-${version}.${ext}`;
        const sha512 = createHash('sha512').update(bytes).digest('base64');
        assert.deepEqual(info, {
          version,
          files: [{ url: name, sha512, size: 1000 }],
          path: name,
          sha512,
          ...(note === undefined ? {} : { releaseNotes: note }),
          releaseDate: info.releaseDate,
        });
        assert.deepEqual(Object.keys(info), ['version', 'files', 'path', 'sha512', ...(note === undefined ? [] : ['releaseNotes']), 'releaseDate']);
        assert.equal(typeof info.releaseDate, 'string', 'electron-updater reads releaseDate as a string');
        assert.equal(text, serializeToYaml(info), `${yml} with notes ${JSON.stringify(note)}`);
      }
    }
  });

  it('electron-updater finds, through the vault’s HTTP feed, exactly the release the signed check verified', async () => {
    await publish('found', '2.0.0', { notes: 'Found it.' });
    const verified = await signedCheck('found');
    const updater = await updaterFor('found');
    const result = await updater.checkForUpdates();
    assert.ok(result, 'the updater is active');
    assert.equal(result.isUpdateAvailable, true);
    assert.equal(result.updateInfo.version, '2.0.0');
    assert.equal(result.updateInfo.releaseNotes, 'Found it.');
    assert.deepEqual(approvesUpdaterInfo(verified, result.updateInfo), { ok: true });
  });

  it('downloads through electron-updater, re-verifies the file, and only then offers restart', async () => {
    const bytes = await publish('install', '3.0.0', { size: 200_000 });
    const verified = await signedCheck('install');
    const updater = await updaterFor('install');
    const states: InstallState[] = [];
    const installer = createGatedInstaller(updater, (state) => states.push(state));
    assert.equal(installer.restart(), false, 'nothing to restart into yet');

    assert.deepEqual(await installer.install(verified), { phase: 'ready', version: '3.0.0' });
    assert.deepEqual(states[0], { phase: 'downloading', version: '3.0.0', percent: 0 });
    assert.ok(states.some((s) => s.phase === 'downloading' && s.percent === 100), 'the final progress report reaches 100 %');
    assert.deepEqual(pendingFiles('install'), ['VBI-Meter-3.0.0.AppImage']);
    const downloaded = join(f.root, 'apps', 'install', 'cache', 'vbi-meter-updater', 'pending', 'VBI-Meter-3.0.0.AppImage');
    assert.deepEqual(await readFile(downloaded), bytes);

    // quitAndInstall would run dpkg: record the call instead.
    let installs = 0;
    updater.quitAndInstall = () => void (installs += 1);
    assert.equal(installer.restart(), true);
    assert.equal(installs, 1);
  });

  it('refuses, before any download, a feed that electron-updater reads differently from the signed check', async () => {
    await publish('swapped-yml', '4.0.0');
    const verified = await signedCheck('swapped-yml');
    // The feed (not the key) is the attacker's: it serves electron-updater other bytes under the same version.
    const ymlPath = join(channelDir('swapped-yml'), 'latest-linux.yml');
    const evil = randomBytes(50_000);
    await writeFile(join(channelDir('swapped-yml'), 'VBI-Meter-4.0.0.AppImage'), evil);
    await writeFile(ymlPath, (await readFile(ymlPath, 'utf8')).replaceAll(verified.file.sha512, createHash('sha512').update(evil).digest('base64')));

    const installer = createGatedInstaller(await updaterFor('swapped-yml'));
    const state = await installer.install(verified);
    assert.deepEqual(state, { phase: 'refused', version: '4.0.0', reason: 'the updater found a file whose sha512 differs from the signed feed' });
    assert.deepEqual(pendingFiles('swapped-yml'), [], 'nothing was downloaded');
    assert.equal(installer.restart(), false);

    await writeFile(ymlPath, (await readFile(ymlPath, 'utf8')).replace('version: 4.0.0', 'version: 4.0.1'));
    assert.match(JSON.stringify(await installer.install(verified)), /"refused".*found version 4\.0\.1, but the signed feed offers 4\.0\.0/);
  });

  it('refuses an artifact swapped after the check, and never offers restart', async () => {
    await publish('swapped-file', '5.0.0');
    const verified = await signedCheck('swapped-file');
    await writeFile(join(channelDir('swapped-file'), 'VBI-Meter-5.0.0.AppImage'), randomBytes(50_000));

    const installer = createGatedInstaller(await updaterFor('swapped-file'));
    assert.deepEqual(await installer.install(verified), {
      phase: 'refused',
      version: '5.0.0',
      reason: 'the downloaded update file does not match the sha512 in the signed feed',
    });
    assert.deepEqual(pendingFiles('swapped-file'), []);
    assert.equal(installer.restart(), false);
  });
});

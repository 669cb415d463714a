import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { channelDirOf, publishRelease, PublishRefused } from '../../src/updates/publish.ts';
import { readReleaseHistory } from '../../src/updates/release-history.ts';
import { signerFromKey } from '../../src/updates/release-signature.ts';
import { makeFeedFixture, type FeedFixture } from './feed-fixture.ts';

describe('release publish', () => {
  let fx: FeedFixture;
  before(async () => {
    fx = await makeFeedFixture();
  });
  after(() => fx.cleanup());

  it('writes the artifact, an electron-builder latest-linux.yml and a verifying signature', async () => {
    const file = await fx.artifact('VBI-Meter-1.0.0.AppImage', 10_000);
    const bytes = await readFile(file);
    const sha512 = createHash('sha512').update(bytes).digest('base64');

    const result = await publishRelease(
      { dataDir: fx.dataDir, channel: 'stable', version: '1.0.0', file, notes: 'First release.\nWith two lines.' },
      fx.signer,
    );
    const dir = channelDirOf(fx.dataDir, 'stable');
    assert.equal(result.updateInfoFile, 'latest-linux.yml');
    assert.deepEqual(await readFile(join(dir, 'VBI-Meter-1.0.0.AppImage')), bytes);

    const yml = await readFile(join(dir, 'latest-linux.yml'));
    const text = yml.toString('utf8');
    // Exactly electron-builder's layout and key order (serializeToYaml of UpdateInfo).
    assert.equal(
      text,
      [
        'version: 1.0.0',
        'files:',
        '  - url: VBI-Meter-1.0.0.AppImage',
        `    sha512: ${sha512}`,
        '    size: 10000',
        'path: VBI-Meter-1.0.0.AppImage',
        `sha512: ${sha512}`,
        'releaseNotes: |-',
        '  First release.',
        '  With two lines.',
        `releaseDate: '${result.releaseDate}'`,
        '',
      ].join('\n'),
    );
    const info = parse(text);
    assert.equal(info.releaseNotes, 'First release.\nWith two lines.');
    assert.equal(new Date(info.releaseDate).toISOString(), info.releaseDate);

    const sigText = await readFile(join(dir, 'latest-linux.yml.sig'), 'utf8');
    assert.match(sigText, /^[A-Za-z0-9+/]{86}==\n$/);
    const signature = Buffer.from(sigText.trim(), 'base64');
    assert.ok(verify(null, yml, fx.publicKey, signature), 'signature verifies over the exact yml bytes');
    const tampered = Buffer.from(text.replace('1.0.0', '9.0.0'));
    assert.ok(!verify(null, tampered, fx.publicKey, signature));

    const history = await readReleaseHistory(dir);
    assert.deepEqual(history, [
      { version: '1.0.0', updateInfoFile: 'latest-linux.yml', file: 'VBI-Meter-1.0.0.AppImage', sha512, size: 10000, releaseDate: result.releaseDate, forced: false },
    ]);
  });

  it('picks latest.yml for Windows and latest-mac.yml for mac artifacts, without notes', async () => {
    const exe = await publishRelease(
      { dataDir: fx.dataDir, channel: 'stable', version: '1.0.0', file: await fx.artifact('VBI Meter Setup 1.0.0.exe') },
      fx.signer,
    );
    const dmg = await publishRelease(
      { dataDir: fx.dataDir, channel: 'stable', version: '1.0.0', file: await fx.artifact('VBI-Meter-1.0.0.dmg') },
      fx.signer,
    );
    assert.equal(exe.updateInfoFile, 'latest.yml');
    assert.equal(dmg.updateInfoFile, 'latest-mac.yml');
    const dir = channelDirOf(fx.dataDir, 'stable');
    const win = parse(await readFile(join(dir, 'latest.yml'), 'utf8'));
    assert.equal(win.path, 'VBI Meter Setup 1.0.0.exe');
    assert.equal('releaseNotes' in win, false);
    assert.ok(existsSync(join(dir, 'latest-mac.yml.sig')));
  });

  it('refuses a version not greater than the current one unless --force, following prerelease rules', async () => {
    const dir = channelDirOf(fx.dataDir, 'beta');
    const publish = async (version: string, force = false) =>
      publishRelease(
        { dataDir: fx.dataDir, channel: 'beta', version, file: await fx.artifact(`VBI-Meter-${version}.AppImage`), force },
        fx.signer,
      );
    await publish('2.0.0');
    const ymlBefore = await readFile(join(dir, 'latest-linux.yml'));

    for (const older of ['2.0.0', '1.9.9', '2.0.0-rc.1']) {
      await assert.rejects(publish(older), (err: Error) => {
        assert.ok(err instanceof PublishRefused);
        assert.match(err.message, new RegExp(`version ${older.replace(/\./g, '\\.')} is not greater than 2\\.0\\.0.*--force`));
        return true;
      });
    }
    assert.deepEqual(await readFile(join(dir, 'latest-linux.yml')), ymlBefore, 'a refused publish changes nothing');
    assert.equal((await readReleaseHistory(dir)).length, 1);
    assert.equal(existsSync(join(dir, 'VBI-Meter-1.9.9.AppImage')), false);

    await publish('2.1.0-beta.1');
    await publish('2.1.0-beta.2');
    await publish('2.1.0');
    await assert.rejects(publish('2.1.0-beta.3'), PublishRefused);

    const forced = await publish('1.5.0', true);
    assert.equal(forced.forced, true);
    assert.equal(forced.previousVersion, '2.1.0');
    assert.equal(parse(await readFile(join(dir, 'latest-linux.yml'), 'utf8')).version, '1.5.0');
    const history = await readReleaseHistory(dir);
    assert.deepEqual(
      history.map((r) => [r.version, r.forced]),
      [['2.0.0', false], ['2.1.0-beta.1', false], ['2.1.0-beta.2', false], ['2.1.0', false], ['1.5.0', true]],
    );
  });

  it('refuses to replace a different artifact of the same name unless --force', async () => {
    const file = await fx.artifact('Same-Name.AppImage');
    await publishRelease({ dataDir: fx.dataDir, channel: 'same', version: '1.0.0', file }, fx.signer);
    await writeFile(file, 'other bytes');
    await assert.rejects(
      publishRelease({ dataDir: fx.dataDir, channel: 'same', version: '1.0.1', file }, fx.signer),
      /already holds a different "Same-Name.AppImage".*--force/,
    );
    const done = await publishRelease({ dataDir: fx.dataDir, channel: 'same', version: '1.0.1', file, force: true }, fx.signer);
    assert.equal(done.forced, false, 'the version itself was greater');
    assert.equal(await readFile(join(channelDirOf(fx.dataDir, 'same'), 'Same-Name.AppImage'), 'utf8'), 'other bytes');
  });

  it('refuses bad input with a clear message and creates nothing', async () => {
    const file = await fx.artifact('Good-1.0.0.AppImage');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ version: '1.2' }, /semantic version/],
      [{ version: 'v1.2.3' }, /semantic version/],
      [{ version: '1.2.3+build.5' }, /semantic version/],
      [{ version: '' }, /semantic version/],
      [{ channel: '../escape' }, /letters, digits/],
      [{ channel: 'two words' }, /letters, digits/],
      [{ channel: '' }, /channel name is empty/],
      [{ file: join(fx.dataDir, 'missing.AppImage') }, /artifact file not found/],
      [{ file: await fx.artifact('notes.txt') }, /not an update artifact/],
      [{ file: await fx.artifact('.hidden.AppImage') }, /may not start with/],
      [{ notes: 'bell\u0007' }, /may not hold control characters/],
    ];
    for (const [patch, message] of cases) {
      await assert.rejects(
        publishRelease({ dataDir: fx.dataDir, channel: 'fresh', version: '1.0.0', file, ...patch } as never, fx.signer),
        (err: Error) => err instanceof PublishRefused && message.test(err.message),
        `expected ${message} for ${JSON.stringify(patch)}`,
      );
    }
    const other = generateKeyPairSync('ed25519').privateKey;
    await assert.rejects(
      publishRelease({ dataDir: fx.dataDir, channel: 'fresh', version: '1.0.0', file }, signerFromKey(other)),
      /does not match trust\/release\.pub\.pem/,
    );
    const channels = await readdir(join(fx.dataDir, 'updates'));
    assert.equal(channels.includes('fresh'), false, 'no channel folder is left behind');
    assert.equal(channels.includes('escape'), false);
  });
});

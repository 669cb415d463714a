import assert from 'node:assert/strict';
import { randomBytes, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { releaseCommand } from '../../src/cli/commands/release.ts';
import { writeKeyStore } from '../../src/keystore/keystore.ts';
import { RELEASE_KEYSTORE_FILE, writeReleaseKeyStore } from '../../src/keystore/release-keystore.ts';
import { makeFeedFixture, type FeedFixture } from './feed-fixture.ts';

/** Runs the command in-process and captures what it prints. */
async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
  try {
    const code = await releaseCommand.run(argv);
    return { code, out, err };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

describe('pnpm vault release', () => {
  let fx: FeedFixture;
  const previous = { keystore: process.env.VBI_KEYSTORE_PASSPHRASE, release: process.env.VBI_RELEASE_PASSPHRASE };
  const restore = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  before(async () => {
    fx = await makeFeedFixture();
    process.env.VBI_KEYSTORE_PASSPHRASE = 'release-command-test-passphrase';
    process.env.VBI_RELEASE_PASSPHRASE = 'release-command-test-release-passphrase';
    // A vault key store (its keys are unused here) and the release key store holding the fixture's key.
    const filler = randomBytes(32);
    writeKeyStore(fx.dataDir, { bankAuth: filler, bankEnc: filler, psdWrap: filler, checkpoint: filler, log: filler, caKey: filler, caCertPem: '' });
    writeReleaseKeyStore(join(fx.dataDir, RELEASE_KEYSTORE_FILE), fx.privateKey.export({ type: 'pkcs8', format: 'der' }));
  });
  after(async () => {
    restore('VBI_KEYSTORE_PASSPHRASE', previous.keystore);
    restore('VBI_RELEASE_PASSPHRASE', previous.release);
    await fx.cleanup();
  });

  it('prints help for release and for release publish', async () => {
    const top = await runCli(['--help']);
    assert.equal(top.code, 0);
    assert.match(top.out, /Usage: pnpm vault release <subcommand>/);
    const pub = await runCli(['publish', '--help']);
    assert.equal(pub.code, 0);
    for (const option of ['--data', '--channel', '--version', '--file', '--notes', '--force']) assert.ok(pub.out.includes(option));
  });

  it('publishes with the key store release key', async () => {
    const file = await fx.artifact('VBI-Meter-3.0.0.AppImage');
    const run = await runCli(['publish', '--data', fx.dataDir, '--channel', 'stable', '--version', '3.0.0', '--file', file, '--notes', 'Hello']);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /published VBI-Meter-3\.0\.0\.AppImage 3\.0\.0 to channel "stable"/);
    const dir = join(fx.dataDir, 'updates', 'stable');
    const yml = await readFile(join(dir, 'latest-linux.yml'));
    assert.equal(parse(yml.toString()).releaseNotes, 'Hello');
    const sig = Buffer.from((await readFile(join(dir, 'latest-linux.yml.sig'), 'utf8')).trim(), 'base64');
    assert.ok(verify(null, yml, fx.publicKey, sig));

    const again = await runCli(['publish', '--data', fx.dataDir, '--channel', 'stable', '--version', '3.0.0', '--file', file]);
    assert.equal(again.code, 1);
    assert.match(again.err, /not greater than 3\.0\.0/);
    const forced = await runCli(['publish', '--data', fx.dataDir, '--channel', 'stable', '--version', '3.0.0', '--file', file, '--force']);
    assert.equal(forced.code, 0, forced.err);
    assert.match(forced.out, /was 3\.0\.0, forced/);
  });

  it('answers usage errors with exit code 2 and refusals with 1', async () => {
    const missing = await runCli(['publish', '--data', fx.dataDir, '--channel', 'stable']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--version is required/);
    const unknown = await runCli(['publish', '--bogus']);
    assert.equal(unknown.code, 2);
    assert.equal((await runCli(['unpublish'])).code, 2);
    assert.equal((await runCli([])).code, 2);
    const bad = await runCli(['publish', '--data', fx.dataDir, '--channel', 'a/b', '--version', '1.0.0', '--file', await fx.artifact('x.AppImage')]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /channel name may hold only/);
    const noStore = await runCli(['publish', '--data', join(fx.dataDir, 'trust'), '--channel', 'c', '--version', '1.0.0', '--file', 'f.AppImage']);
    assert.equal(noStore.code, 1);
    assert.match(noStore.err, /holds no key store/);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestVault, type TestVault } from '@vbi/vault/testing';
import { checkForUpdate, verifyDownloadedFile, type AvailableUpdate } from '../../../src/core/updates/index.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../../../..');

/** `pnpm vault …` as an operator runs it (the real CLI in a child process). */
function vaultCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/vault/src/cli/main.ts', ...args], { cwd: REPO_ROOT });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => done({ code, output }));
  });
}

describe('a release published on a running vault reaches the desktop check', () => {
  let vault: TestVault;
  let scratch: string;
  before(async () => {
    vault = await startTestVault();
    scratch = await mkdtemp(join(tmpdir(), 'vbi-update-e2e-'));
  });
  after(async () => {
    await vault.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('offers, downloads and verifies a newer release, and refuses the feed once tampered', async () => {
    const artifact = join(scratch, 'VBI-Meter-9.0.0.AppImage');
    const bytes = randomBytes(64_000);
    await writeFile(artifact, bytes);
    const published = await vaultCli(['release', 'publish', '--data', vault.dataDir, '--channel', 'stable', '--version', '9.0.0', '--file', artifact, '--notes', 'Big one.']);
    assert.equal(published.code, 0, published.output);

    const releasePublicKeyPem = await readFile(join(vault.trustDir, 'release.pub.pem'), 'utf8');
    const opts = { feedBaseUrl: `${vault.httpUrl}/updates/stable/`, platform: 'linux' as const, currentVersion: '1.0.0', releasePublicKeyPem };
    const offer = await checkForUpdate(opts);
    assert.equal(offer.status, 'available', JSON.stringify(offer));
    assert.equal((offer as AvailableUpdate).version, '9.0.0');
    assert.equal((offer as AvailableUpdate).releaseNotes, 'Big one.');

    const dest = join(scratch, 'downloaded.AppImage');
    await writeFile(dest, Buffer.from(await (await fetch((offer as AvailableUpdate).file.url)).arrayBuffer()));
    assert.deepEqual(await readFile(dest), bytes);
    assert.deepEqual(await verifyDownloadedFile(offer as AvailableUpdate, dest), { ok: true });

    const yml = join(vault.dataDir, 'updates', 'stable', 'latest-linux.yml');
    await writeFile(yml, (await readFile(yml, 'utf8')).replace('Big one.', 'Bigger one.'));
    const refused = await checkForUpdate(opts);
    assert.equal(refused.status, 'refused');
    assert.match((refused as { reason: string }).reason, /does not verify with the pinned release key/);
  });
});

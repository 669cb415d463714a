/**
 * TLS end to end, desktop core ↔ vault: a vault serving wss:// and https:// with a development
 * certificate that the trust bundle pins; the same vault without the pin is not trusted; an
 * unencrypted ws:// address of another computer is refused before anything is sent.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AppCore } from '../../src/core/app-core.ts';
import { FileSink } from '../../src/core/print/file-sink.ts';
import { loadTrustBundle } from '../../src/core/trust.ts';
import { checkVaultUrl } from '../../src/core/vault/transport.ts';
import { letterJob, makeDesktop, PASSPHRASE, startTestVault, type TestVault } from '../helpers/desktop-fixture.ts';

let vault: TestVault;
before(async () => {
  vault = await startTestVault({ tls: true });
});
after(() => vault.stop());

test('over wss:// and https:// with the pinned development certificate: register, buy, quote, print, health, update feed', async (t) => {
  assert.match(vault.url, /^wss:\/\/127\.0\.0\.1:\d+\/v1\/meter$/);
  const d = makeDesktop(vault);
  t.after(() => d.cleanup());
  await d.call('register', { username: 'tls-user', licenseZip: '94105', passphrase: PASSPHRASE });
  await vault.credit('tls-user', 10_000);
  const status = await d.call('buyPostage', { amountMills: 5_000 });
  assert.deepEqual(status.registers, { ar: 0, dr: 5_000 });
  assert.equal(status.problem, null, 'the health check over https answered (not halted)');
  const quote = await d.call('quote', { mailClass: 'first-class-letter', weightOz: 1, fromZip: '94105', toZip: '10118' });
  assert.ok(quote.priceMills > 0);
  await d.call('printPostage', letterJob());
  assert.equal(d.pdfs().length, 1);
  const update = await d.call('updateStatus', {} as never);
  assert.match(JSON.stringify(update), /no release is published/, 'the update feed was reached over https (404: nothing published)');
});

test('without the pinned certificate the vault is not trusted: nothing is sent', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vbi-trust-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(vault.trustDir, dir, { recursive: true });
  rmSync(join(dir, 'tls-dev.pem'));
  const core = new AppCore({ vaultUrl: vault.url, trust: loadTrustBundle(dir), profileDir: join(dir, 'profile'), sinks: [new FileSink(join(dir, 'prints'))] });
  await assert.rejects(core.account.connect({}), (err: { code?: string }) => err.code === 'OFFLINE');
  assert.equal(core.status().online, false);
});

test('ws:// and http:// only to this computer: another host\'s plain address is refused with a plain message', async (t) => {
  for (const ok of ['wss://vault.example.com/v1/meter', 'ws://127.0.0.1:7420/v1/meter', 'ws://localhost:7420/v1/meter', 'ws://[::1]:7420/v1/meter']) {
    assert.doesNotThrow(() => checkVaultUrl(ok), ok);
  }
  for (const bad of ['ws://vault.invalid:7420/v1/meter', 'ws://192.0.2.10/v1/meter', 'ws://127.example.invalid/v1/meter']) {
    assert.throws(() => checkVaultUrl(bad), (err: { code?: string; message: string }) => err.code === 'INSECURE_VAULT' && /not encrypted/.test(err.message), bad);
  }
  assert.throws(() => checkVaultUrl('http://vault.invalid/v1/meter'), (err: { code?: string }) => err.code === 'BAD_REQUEST');
  const d = makeDesktop(vault, 'ws://vault.invalid:7420/v1/meter');
  t.after(() => d.cleanup());
  const refused = await d.raw('connect', {});
  assert.equal(refused.ok, false);
  assert.equal(d.core.status().problem?.code, 'INSECURE_VAULT', 'said as the connection problem');
  const viaInput = await d.raw('connect', { vaultUrl: 'ws://192.0.2.10:7420/v1/meter' });
  assert.equal(viaInput.ok ? '' : viaInput.error.code, 'INSECURE_VAULT');
});

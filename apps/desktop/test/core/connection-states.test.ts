/**
 * The states a person must be told about that come from the connection itself: a vault that
 * cannot prove it is the pinned one, and a connection that drops while signed in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppCore } from '../../src/core/app-core.ts';
import { FileSink } from '../../src/core/print/file-sink.ts';
import { loadTrustBundle } from '../../src/core/trust.ts';
import type { AppStatus } from '../../src/shared/contract.ts';
import { makeDesktop, PASSPHRASE } from '../helpers/desktop-fixture.ts';
import { makeFakeTrustDir } from '../helpers/fake-trust.ts';
import { vaultBehindProxy } from '../helpers/ws-proxy.ts';

const fx = vaultBehindProxy();

test('a vault that cannot prove the pinned bank key is refused, said plainly, and told nothing', async (t) => {
  const d = makeDesktop(fx.vault, fx.proxy.url);
  t.after(() => d.cleanup());
  const core = new AppCore({ vaultUrl: fx.proxy.url, trust: loadTrustBundle(makeFakeTrustDir()), profileDir: d.profileDir, sinks: [new FileSink(d.printDir)] });
  fx.proxy.ops.length = 0;
  await assert.rejects(core.account.connect({}), (err: { code?: string }) => err.code === 'UNTRUSTED_VAULT');
  await assert.rejects(core.account.register({ username: 'mallory', licenseZip: '94105', passphrase: PASSPHRASE }), (err: { code?: string }) => err.code === 'UNTRUSTED_VAULT');
  assert.deepEqual(fx.proxy.ops, ['hello', 'hello'], 'only the identity check went out: no sealed passphrase, no key');
  assert.equal(core.status().problem?.code, 'UNTRUSTED_VAULT');
  assert.equal(core.status().signedIn, false);
});

test('a connection that drops while signed in ends the session and says so; signing in again goes on', async (t) => {
  const d = makeDesktop(fx.vault, fx.proxy.url);
  t.after(() => d.cleanup());
  await d.call('register', { username: 'dropped', licenseZip: '94105', passphrase: PASSPHRASE });
  await fx.vault.credit('dropped', 20_000);
  await d.call('buyPostage', { amountMills: 5_000 });
  const signedOut = new Promise<AppStatus>((resolve) => d.core.onEvent((e) => e.type === 'status' && !e.status.signedIn && resolve(e.status)));
  fx.proxy.dropConnections();
  const status = await signedOut;
  assert.equal(status.online, false);
  assert.equal(status.problem?.code, 'OFFLINE');
  assert.match(status.problem?.message ?? '', /connection to the vault was lost\. Sign in again/);
  assert.equal(status.registers, null, 'nothing of the meter is shown as if it were live');
  const buy = await d.raw('buyPostage', { amountMills: 1_000 });
  assert.equal(!buy.ok && buy.error.code, 'AUTH_FAILED');

  const again = await d.call('login', { username: 'dropped', passphrase: PASSPHRASE });
  assert.deepEqual([again.signedIn, again.problem, again.registers], [true, null, { ar: 0, dr: 5_000 }]);
});

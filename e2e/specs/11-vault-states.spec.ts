/**
 * The states a person must recognise that come from the vault's side (issue 4: "clear states for
 * offline, locked out, register mismatch, vault halted"; locked out and mismatch are specs 06
 * and 07): the vault goes away while signed in, and the vault comes back halted.
 */
import { expect, test } from '../harness/fixtures.ts';
import { callBridge } from '../harness/bridge-call.ts';
import { buyPreset, createAccount, expectRegisters, fillSignIn, firstRunHeading, PASSPHRASE, signIn, uniqueUsername } from '../harness/flows.ts';
import { disagreeWithOneModule } from '../harness/vault-halt.ts';

test.use({ ownVault: true }); // these specs stop and restart the vault

test('the vault goes away: the session ends with a plain message; signing in again once it is back goes on', async ({ app, vault, snap }) => {
  const username = uniqueUsername('offline');
  await createAccount(app, username);
  await vault.credit(username, 20_000);
  await buyPreset(app, '$20.00');

  await vault.kill('SIGTERM');
  const offline = app.getByRole('alert', { name: 'Offline' });
  await expect(offline).toContainText('The connection to the vault was lost. Sign in again when it is back');
  await expect(firstRunHeading(app)).toHaveText('Sign in');
  await expect(app.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await snap('connection-lost');

  // Still away: signing in says the vault cannot be reached, and nothing else happens.
  await fillSignIn(app, username, PASSPHRASE);
  await expect(offline).toContainText('cannot be reached');
  await expect(firstRunHeading(app)).toHaveText('Sign in');

  await vault.restart();
  await signIn(app, username);
  await expect(offline).toHaveCount(0);
  await expectRegisters(app, { ar: 0, dr: 20_000, pieces: 0 });
});

test('a halted vault is announced at sign-in; buying is off, and refused past the UI', async ({ app, vault, vaultLink, snap }) => {
  const username = uniqueUsername('halted');
  await createAccount(app, username);
  await vault.credit(username, 20_000);

  await vault.kill('SIGTERM');
  disagreeWithOneModule(vault.dataDir);
  await vault.restart();
  await signIn(app, username);

  const halted = app.getByRole('alert', { name: 'Postage service paused' });
  await expect(halted).toContainText('stopped taking value transactions');
  const buy = app.getByRole('region', { name: 'Buy postage' });
  await expect(buy.getByRole('button', { name: '$20.00' })).toBeDisabled();
  await expect(buy.getByRole('button', { name: 'Buy', exact: true })).toBeDisabled();
  await snap('vault-halted');

  const bought = await callBridge(app, 'buyPostage', { amountMills: 1_000 });
  expect(bought.ok ? null : bought.error.code).toBe('VAULT_HALTED');
  expect(vaultLink.sentOps()).toContain('purchase'); // the vault itself refused it
  await expectRegisters(app, { ar: 0, dr: 0, pieces: 0 });
  await expect(halted).toContainText('Nothing was charged');
});

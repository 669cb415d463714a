/**
 * Scenario 7: the local mirror of the registers is altered while the app is signed out. At the
 * next sign-in the vault's registers do not match and nothing explains the difference: the app
 * says so plainly and stops every value operation (buying, printing, refunding).
 */
import { expect, test } from '../harness/fixtures.ts';
import { callBridge } from '../harness/bridge-call.ts';
import { buyPreset, composeLetter, createAccount, goTo, signIn, signOut, uniqueUsername } from '../harness/flows.ts';
import { alterMirror } from '../harness/profile-files.ts';

test('an altered mirror file stops value operations with a clear message', async ({ app, vault, vaultLink, appHost, snap }) => {
  const username = uniqueUsername('mirror');
  await createAccount(app, username);
  await vault.credit(username, 40_000);
  await buyPreset(app, '$20.00');
  await signOut(app);

  alterMirror(appHost.profileDir, username, (m) => {
    m.registers.dr += 5_000;
  });
  await signIn(app, username);
  const mismatch = app.getByRole('alert', { name: 'Registers do not match' });
  await expect(mismatch).toContainText('do not match');
  await expect(mismatch).toContainText('Value operations are stopped');

  // Buying is off…
  await goTo(app, 'Home');
  const buy = app.getByRole('region', { name: 'Buy postage' });
  await expect(buy.getByRole('button', { name: '$20.00' })).toBeDisabled();
  await expect(buy.getByRole('button', { name: 'Buy', exact: true })).toBeDisabled();
  await snap('register-mismatch');
  // …printing is off…
  await composeLetter(app);
  await expect(app.getByRole('button', { name: /^Print postage/ })).toBeDisabled();
  // …and the core refuses value calls made past the UI; none reaches the vault.
  const opsBefore = vaultLink.sentOps().length;
  const bought = await callBridge(app, 'buyPostage', { amountMills: 1_000 });
  expect(bought.ok).toBe(false);
  expect(bought.ok ? null : bought.error.code).toBe('REGISTER_MISMATCH');
  expect(vaultLink.sentOps().slice(opsBefore).filter((op) => op === 'purchase' || op === 'indicium')).toEqual([]);
});

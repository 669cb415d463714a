/** Scenario 1: a new user connects, registers, sees zero registers, is credited, buys $20. */
import { expect, test } from '../harness/fixtures.ts';
import { buyPreset, connect, createAccount, expectRegisters, firstRunHeading, moneyText, uniqueUsername } from '../harness/flows.ts';

test('new user: connect, register, buy $20 of postage, registers show DR $20', async ({ app, vault, vaultLink, snap }) => {
  const username = uniqueUsername('new');
  await expect(firstRunHeading(app)).toHaveText('Create an account');

  await connect(app, vaultLink.url);
  await createAccount(app, username);
  await expectRegisters(app, { ar: 0, dr: 0, pieces: 0 });
  await expect(app.getByText('shown after your first purchase')).toBeVisible();

  await vault.credit(username, 50_000);
  await buyPreset(app, '$20.00');

  await expectRegisters(app, { ar: 0, dr: 20_000, pieces: 0 });
  await expect(app.getByTestId('funds')).toHaveText(/^Account funds: \$30\.00$/);
  await expect(app.getByTestId('dr')).toHaveText(moneyText(20_000));
  await snap('dr-20-after-purchase');

  // The vault saw exactly one purchase (and the UI did not buy twice on one click).
  expect(vaultLink.sentOps().filter((op) => op === 'purchase')).toHaveLength(1);
});

/**
 * Scenario 10, accessibility smoke: every screen is reached with the keyboard alone (Tab to a
 * control, Enter or Space to use it), every control has an accessible name, and axe-core finds
 * nothing serious or critical on any screen. And every screen stays readable at 200 % zoom.
 */
import { expect, test } from '../harness/fixtures.ts';
import { expectAllControlsNamed, expectNoSeriousAxeViolations, expectNoSidewaysScroll, tabTo } from '../harness/a11y.ts';
import { buyPreset, composeLetter, createAccount, firstRunHeading, goTo, LICENSE_ZIP, PASSPHRASE, passphraseField, printComposed, uniqueUsername, type Screen } from '../harness/flows.ts';

const SCREENS: Screen[] = ['Compose', 'History', 'Address book', 'Printer setup', 'Home'];

test('every screen is keyboard reachable, labelled, and passes axe-core', async ({ app, snap }) => {
  await expect(firstRunHeading(app)).toBeVisible();
  await expectAllControlsNamed(app, 'first run');
  await expectNoSeriousAxeViolations(app, 'first run');

  // Create the account with the keyboard only.
  await tabTo(app, app.getByLabel('Username'));
  await app.keyboard.type(uniqueUsername('keys'));
  await tabTo(app, app.getByLabel('Licensing ZIP code'));
  await app.keyboard.type(LICENSE_ZIP);
  await tabTo(app, passphraseField(app));
  await app.keyboard.type(PASSPHRASE);
  await tabTo(app, app.getByLabel('Passphrase again'));
  await app.keyboard.type(PASSPHRASE);
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();

  for (const screen of SCREENS) {
    const navButton = app.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen, exact: true });
    await tabTo(app, navButton);
    await app.keyboard.press('Enter');
    await expect(app.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
    await expectAllControlsNamed(app, screen);
    await expectNoSeriousAxeViolations(app, screen);
  }
  await snap('home-after-keyboard-tour');

  // The primary action of a screen is reachable too: buying postage from Home.
  await tabTo(app, app.getByRole('region', { name: 'Buy postage' }).getByRole('button', { name: '$20.00' }));
});

test('every screen is readable at 200 % zoom, with a piece in the history', async ({ app, vault, snap }) => {
  // A 1280×900 window at 200 % zoom lays pages out in 640×450 CSS pixels: the same as this viewport.
  await app.setViewportSize({ width: 640, height: 450 });
  await expect(firstRunHeading(app)).toBeVisible();
  await expectNoSidewaysScroll(app, 'first run');
  const username = uniqueUsername('zoom');
  await createAccount(app, username);
  await vault.credit(username, 20_000);
  await buyPreset(app, '$20.00');
  await composeLetter(app);
  await printComposed(app);
  for (const screen of SCREENS) {
    await goTo(app, screen);
    await expectNoSidewaysScroll(app, screen);
    await snap(`zoom-200-${screen.toLowerCase().replace(/\W+/g, '-')}`);
  }
});

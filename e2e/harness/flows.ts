/**
 * What a person does in the app, step by step, through accessible names only (roles, labels,
 * visible text) — the same names a screen reader announces. One place to follow the UI.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export const PASSPHRASE = 'correct horse battery staple 42';
export const LICENSE_ZIP = '94102';

/** A username no other test uses (3–64 of letters, digits, `.`, `_`, `-`). */
export function uniqueUsername(prefix = 'e2e'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Matches how the app shows an amount: dollars and cents (`$1,234.50`) where a person reads it, or to the mill (`$0.745`) in Meter details. */
export function moneyText(mills: number): RegExp {
  const cents = Math.round(mills / 10);
  const rounded = `\\$${Math.floor(cents / 100).toLocaleString('en-US').replace(/,/g, ',?')}\\.${String(cents % 100).padStart(2, '0')}`;
  const exact = `\\$${Math.floor(mills / 1000)}\\.${String(mills % 1000).padStart(3, '0')}`;
  return new RegExp(`^\\s*(?:${rounded}|${exact})\\s*$`);
}

export function firstRunHeading(page: Page): Locator {
  return page.getByRole('heading', { name: /^(Create an account|Sign in)$/ });
}

const accountTabs = (page: Page) => page.getByRole('group', { name: 'Account' });

/** The passphrase field, not "Passphrase again" nor the strength meter. */
export const passphraseField = (page: Page) => page.getByLabel('Passphrase', { exact: true });

/** Opens a folded section (`<details>`) by its summary, if it is not open yet. */
export async function unfold(page: Page, summary: string): Promise<void> {
  const details = page.locator('details', { has: page.locator('summary', { hasText: summary }) });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

export async function connect(page: Page, vaultUrl: string): Promise<void> {
  await unfold(page, 'Advanced');
  await page.getByLabel('Vault address').fill(vaultUrl);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByText(/^Connected to/)).toBeVisible();
}

/** Fills and submits "Create an account" (submitted with Enter, as from the keyboard). */
export async function fillCreateAccount(page: Page, a: { username: string; licenseZip?: string; passphrase?: string; again?: string }): Promise<void> {
  await accountTabs(page).getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Username').fill(a.username);
  await page.getByLabel('Licensing ZIP code').fill(a.licenseZip ?? LICENSE_ZIP);
  await passphraseField(page).fill(a.passphrase ?? PASSPHRASE);
  await page.getByLabel('Passphrase again').fill(a.again ?? a.passphrase ?? PASSPHRASE);
  await page.getByLabel('Passphrase again').press('Enter');
}

export async function createAccount(page: Page, username: string, licenseZip = LICENSE_ZIP): Promise<void> {
  await fillCreateAccount(page, { username, licenseZip });
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
}

export async function fillSignIn(page: Page, username: string, passphrase: string): Promise<void> {
  await accountTabs(page).getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Username').fill(username);
  await passphraseField(page).fill(passphrase);
  await passphraseField(page).press('Enter');
  await waitIdle(page);
}

export async function signIn(page: Page, username: string, passphrase = PASSPHRASE): Promise<void> {
  await fillSignIn(page, username, passphrase);
  // The app returns to the screen it was on, so wait for the signed-in navigation, not Home.
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Sign out/ }).click();
  await expect(firstRunHeading(page)).toBeVisible();
}

export type Screen = 'Home' | 'Compose' | 'Batch printing' | 'History' | 'Address book' | 'Printer setup' | 'Settings';

export async function goTo(page: Page, screen: Screen): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
}

/** The postage balance on Home, and the register values inside its "Meter registers" details. */
export function registers(page: Page) {
  const region = page.getByRole('region', { name: 'Meter registers' });
  return {
    region,
    dr: page.getByTestId('dr'),
    ar: region.getByTestId('ar'),
    control: region.getByTestId('control'),
    pieces: region.getByTestId('pieces'),
  };
}

export async function expectRegisters(page: Page, r: { ar: number; dr: number; pieces: number }): Promise<void> {
  await unfold(page, 'Meter details');
  const shown = registers(page);
  await expect(shown.dr).toHaveText(moneyText(r.dr));
  await expect(shown.ar).toHaveText(moneyText(r.ar));
  await expect(shown.control).toHaveText(moneyText(r.ar + r.dr));
  await expect(shown.pieces).toHaveText(String(r.pieces));
}

/** Buys one of the preset amounts on Home (e.g. `$20.00`) and waits for the confirmation. */
export async function buyPreset(page: Page, label: string): Promise<void> {
  await page.getByRole('region', { name: 'Buy postage' }).getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added ${label} of postage.` })).toBeVisible();
}

/** Waits until no task is running (the busy banner, a status ending in "…", is gone). */
export async function waitIdle(page: Page): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: /…\s*$/ })).toHaveCount(0);
}

export interface TypedAddress {
  name?: string;
  street: string;
  city: string;
  state: string;
  zip: string;
}

/** A real address of the shipped data (OpenAddresses, San Francisco), used as the return address. */
export const RETURN_ADDRESS: TypedAddress = { name: 'E2E Sender', street: '7 Octavia St', city: 'San Francisco', state: 'CA', zip: '94102' };
/** A real Berkeley address typed the way people mistype it; the matcher should correct it. */
export const MISSPELLED_DELIVERY: TypedAddress = { name: 'Pat Example', street: '2175 Kitredge Street', city: 'Berkely', state: 'CA', zip: '94704' };
export const CORRECTED_DELIVERY = /^2175 KITTREDGE ST, BERKELEY CA 94704/;
export const CORRECTED_RETURN = /^7 OCTAVIA ST, SAN FRANCISCO CA 94102/;

export const addressGroup = (page: Page, title: 'Return address' | 'Delivery address' | 'New address') => page.getByRole('group', { name: title });

export async function typeAddress(group: Locator, a: TypedAddress): Promise<void> {
  await group.getByLabel('Name').fill(a.name ?? '');
  await group.getByLabel('Street address').fill(a.street);
  await group.getByLabel('City').fill(a.city);
  await group.getByLabel('State').fill(a.state);
  await group.getByLabel('ZIP code').fill(a.zip);
}

/** Picks the matcher's suggestion whose text matches, and checks the address now counts as matched. */
export async function pickSuggestion(group: Locator, suggestion: RegExp): Promise<void> {
  await group.getByRole('listitem').getByRole('button', { name: suggestion }).first().click();
  await expect(group.getByText('Address matched to the postal database.')).toBeVisible();
}

/** The file sink's printer (PDFs into the web host's print folder). */
export const FILE_PRINTER = 'file:PDF folder';

export interface PieceOptions {
  to?: TypedAddress;
  toSuggestion?: RegExp;
  weightOz?: string;
  printerId?: string;
}

/** Compose: both addresses matched, a letter, the file printer; waits for the live quote. */
export async function composeLetter(page: Page, o: PieceOptions = {}): Promise<void> {
  await goTo(page, 'Compose');
  const from = addressGroup(page, 'Return address');
  await typeAddress(from, RETURN_ADDRESS);
  await pickSuggestion(from, CORRECTED_RETURN);
  const to = addressGroup(page, 'Delivery address');
  await typeAddress(to, o.to ?? MISSPELLED_DELIVERY);
  await pickSuggestion(to, o.toSuggestion ?? CORRECTED_DELIVERY);
  await page.getByLabel('Mail class').selectOption('first-class-letter');
  await page.getByLabel('Ounces').fill(o.weightOz ?? '1');
  await page.getByLabel('Printer', { exact: true }).selectOption(o.printerId ?? FILE_PRINTER);
  await expect(page.getByText(/^Postage:/)).toBeVisible();
}

/** Compose's piece made a package: Ground Advantage, 2 lb 3.5 oz, 12 × 9 × 4 in, on the 4×6 package label; waits for its quote. */
export async function packageDetails(page: Page): Promise<void> {
  await page.getByLabel('Mail class').selectOption('ground-advantage');
  await page.getByLabel('Pounds').fill('2');
  await page.getByLabel('Ounces').fill('3.5');
  await page.getByLabel('Length').fill('12');
  await page.getByLabel('Width').fill('9');
  await page.getByLabel('Height').fill('4');
  await page.getByLabel('Print on').selectOption('package-4x6');
  await expect(page.getByText(/^Postage:.*GADV/)).toBeVisible();
}

/** The live quote's price as shown (e.g. `$0.74`). */
export async function shownQuote(page: Page): Promise<string> {
  return (await page.getByTestId('quote').innerText()).trim();
}

/**
 * Clicks a button that prints postage and waits for `outcome`; when the printer has not passed
 * setup and it is the file sink, takes the offered "Skip setup (PDF files)" on the way.
 */
export async function printSkippingSetup(page: Page, button: Locator, outcome: Locator): Promise<void> {
  await button.click();
  const skip = page.getByRole('button', { name: 'Skip setup (PDF files)' });
  await expect(outcome.or(skip).first()).toBeVisible();
  if (await skip.isVisible()) await skip.click();
  await expect(outcome.first()).toBeVisible();
}

/** Presses Compose's Print and waits for `outcome` (see printSkippingSetup). */
export async function pressPrint(page: Page, outcome: Locator): Promise<void> {
  await printSkippingSetup(page, page.getByRole('button', { name: /^Print postage/ }), outcome);
}

/** Prints the composed piece; waits for "Printed piece N" and returns N. */
export async function printComposed(page: Page): Promise<number> {
  const printed = page.getByRole('status').filter({ hasText: /^Printed piece \d+/ });
  await pressPrint(page, printed);
  return Number(/Printed piece (\d+)/.exec(await printed.innerText())?.[1]);
}

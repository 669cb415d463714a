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

/** Matches how the app shows an amount: `$20.00` for whole cents, `$0.745` otherwise; `$20.000` accepted too. */
export function moneyText(mills: number): RegExp {
  const whole = Math.floor(mills / 1000);
  const frac = String(mills % 1000).padStart(3, '0');
  const text = frac.endsWith('0') ? `\\$${whole}\\.${frac.slice(0, 2)}0?` : `\\$${whole}\\.${frac}`;
  return new RegExp(`^\\s*${text}\\s*$`);
}

export function firstRunHeading(page: Page): Locator {
  return page.getByRole('heading', { name: /^(Create an account|Sign in)$/ });
}

const accountTabs = (page: Page) => page.getByRole('group', { name: 'Account' });

/** The passphrase field, not "Passphrase again" nor the strength meter. */
export const passphraseField = (page: Page) => page.getByLabel('Passphrase', { exact: true });

export async function connect(page: Page, vaultUrl: string): Promise<void> {
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
}

export async function signIn(page: Page, username: string, passphrase = PASSPHRASE): Promise<void> {
  await fillSignIn(page, username, passphrase);
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Sign out/ }).click();
  await expect(firstRunHeading(page)).toBeVisible();
}

export type Screen = 'Home' | 'Compose' | 'History' | 'Printer setup';

export async function goTo(page: Page, screen: Screen): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
}

/** The register values on Home, read inside the "Meter registers" region. */
export function registers(page: Page) {
  const region = page.getByRole('region', { name: 'Meter registers' });
  return {
    region,
    dr: region.getByTestId('dr'),
    ar: region.getByTestId('ar'),
    control: region.getByTestId('control'),
    pieces: region.getByTestId('pieces'),
  };
}

export async function expectRegisters(page: Page, r: { ar: number; dr: number; pieces: number }): Promise<void> {
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

/** Alerts the app shows (problems and errors), as one text. */
export const alerts = (page: Page) => page.getByRole('alert');

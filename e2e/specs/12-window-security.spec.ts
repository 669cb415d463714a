/**
 * The app window's security settings, checked in the running window (issue 4, "Shell and
 * bridge"): the CSP stops injected scripts in either host; the web host keeps its per-launch
 * token out of the address bar and refuses a bridge socket without it; Electron's page has no
 * Node, and new windows and navigation away are denied.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures.ts';
import { firstRunHeading } from '../harness/flows.ts';

async function injectedScriptRan(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__vbiInjected = true';
    document.head.appendChild(script);
    return (window as { __vbiInjected?: boolean }).__vbiInjected === true;
  });
}

test('the window refuses injected scripts and keeps its bridge to itself', async ({ app, host, snap }) => {
  await expect(firstRunHeading(app)).toBeVisible();
  expect(await injectedScriptRan(app), 'the CSP blocks an inline script').toBe(false);

  if (host === 'web') {
    const url = new URL(app.url());
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.search, 'the token left the address bar').toBe('');
    const withoutToken = await app.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`ws://${location.host}/bridge`);
          socket.onopen = () => resolve('open');
          socket.onerror = () => resolve('refused');
        }),
    );
    expect(withoutToken).toBe('refused');
  } else {
    expect(await app.evaluate(() => typeof (globalThis as { require?: unknown }).require), 'no Node in the page').toBe('undefined');
    expect(await app.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await app.evaluate(() => window.open('https://example.com/') === null), 'new windows are denied').toBe(true);
    const page = app.url();
    await app.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await expect(firstRunHeading(app)).toBeVisible();
    expect(app.url(), 'navigation away is denied').toBe(page);
  }
  await snap('window-security');
});

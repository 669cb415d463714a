/** Accessibility checks used by the accessibility smoke spec. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** axe-core (WCAG 2.x A and AA rules) on the page as it is now; fails on serious or critical findings. */
export async function expectNoSeriousAxeViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(report, `axe-core on ${screen}`).toEqual([]);
}

/** Every visible form control has an accessible name (label, aria-label or aria-labelledby). */
export async function expectAllControlsNamed(page: Page, screen: string): Promise<void> {
  const unnamed = await page.evaluate(() => {
    const controls = Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button, meter, progress'));
    return controls
      .filter((el) => el.offsetParent !== null || el.getClientRects().length > 0)
      .filter((el) => {
        if (el instanceof HTMLInputElement && el.type === 'hidden') return false;
        const labelled = (el as HTMLInputElement).labels?.length ?? 0;
        const text = el.tagName === 'BUTTON' ? (el.textContent ?? '').trim() : '';
        return labelled === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && text === '';
      })
      .map((el) => el.outerHTML.slice(0, 120));
  });
  expect(unnamed, `unnamed controls on ${screen}`).toEqual([]);
}

/**
 * Presses Tab (from wherever focus is) until `target` has focus; fails if it is not reached
 * within `maxTabs` presses — i.e. it cannot be reached from the keyboard.
 */
export async function tabTo(page: Page, target: Locator, maxTabs = 60): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, `reachable with Tab within ${maxTabs} presses`).toBeFocused({ timeout: 1 });
}

/** Nothing on the page is wider than the window: it reflows instead of scrolling sideways (WCAG 1.4.10). */
export async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `${screen}: the page is ${scrollWidth} px wide in a ${clientWidth} px window`).toBeLessThanOrEqual(clientWidth);
}

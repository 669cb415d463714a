/**
 * The app inside Electron: the window opens on the first-run screen through the preload bridge,
 * which exposes the contract's task-shaped calls and nothing else. Runs only where ELECTRON_PATH
 * names an Electron binary (these build machines have none: Electron fetches it on first run,
 * and there is no network); the specs of ../specs run in Electron too, in the same project.
 */
import { CALL_NAMES } from '../../apps/desktop/src/shared/contract.ts';
import { expect, test } from '../harness/fixtures.ts';
import { firstRunHeading } from '../harness/flows.ts';

test('the Electron window opens on the first-run screen with the task-shaped bridge only', async ({ app, snap }) => {
  await expect(firstRunHeading(app)).toBeVisible();
  const exposed = await app.evaluate(() => Object.keys((window as { vbi?: object }).vbi ?? {}).sort());
  expect(exposed).toEqual([...CALL_NAMES, 'onEvent'].sort());
  await snap('first-run');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseResponseBody } from '@vbi/protocol';
import { startTestVault } from '../src/testing/index.ts';
import { MeterClient } from '../src/testing/meter-client.ts';

test('a vault started with --demo-funds credits each new account once, at registration', async (t) => {
  const vault = await startTestVault({ startArgs: ['--demo-funds', '3000'] });
  const c = await MeterClient.connect(vault.url, vault.trustDir);
  t.after(async () => {
    c.close();
    await vault.stop();
  });
  assert.equal((await c.register('demo.user', 'correct horse battery')).ok, true);

  const buy = await c.maced('purchase', { amount: 3000 });
  assert.equal(buy.ok, true, JSON.stringify(buy.error));
  const body = parseResponseBody('purchase', buy.body);
  assert.deepEqual(body.registers, { ar: 0, dr: 3000 });
  assert.equal(body.funds, 0);

  const more = await c.maced('purchase', { amount: 1 });
  assert.equal(more.error?.code, 'INSUFFICIENT_FUNDS', 'the demo credit is given once, not per purchase');
});

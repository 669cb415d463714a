// The one table of what each error code means for the session, and the log that records what the
// core handles without telling the person — never with a secret in it.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ERROR_CODES } from '@vbi/protocol';
import { bannerOf, ERROR_MEANINGS } from '../../src/core/error-meanings.ts';
import { lineLog } from '../../src/core/log.ts';
import { DESKTOP_ERROR_CODES, errorCodeSchema, problemCodeSchema } from '../../src/shared/contract.ts';
import { makeDesktop, PASSPHRASE } from '../helpers/desktop-fixture.ts';
import { vaultBehindProxy } from '../helpers/ws-proxy.ts';

test('every code of the vault and of the desktop has one meaning; every banner it asks for is a banner code', () => {
  assert.deepEqual(Object.keys(ERROR_MEANINGS).sort(), [...ERROR_CODES, ...DESKTOP_ERROR_CODES].sort());
  assert.deepEqual(errorCodeSchema.options.slice().sort(), Object.keys(ERROR_MEANINGS).sort());
  for (const code of errorCodeSchema.options) {
    const m = ERROR_MEANINGS[code];
    if (m.session === 'none') continue;
    const banner = bannerOf({ code, message: 'm' });
    assert.equal(problemCodeSchema.safeParse(banner.code).success, true, code);
  }
  assert.equal(ERROR_MEANINGS.LOST_ANSWER.outcome, 'lost', 'the vault may have acted: the write-ahead entry stays');
  assert.equal(ERROR_MEANINGS.ANSWER_REFUSED.outcome, 'unchecked');
  assert.equal(ERROR_MEANINGS.INSUFFICIENT_POSTAGE.outcome, 'refused');
});

const fx = vaultBehindProxy();

test('what the core swallows is logged as codes and plain reasons, never with the passphrase', async (t) => {
  const lines: string[] = [];
  const log = lineLog((line) => lines.push(line));
  const other = makeDesktop(fx.vault, fx.proxy.url);
  const d = makeDesktop(fx.vault, fx.proxy.url, undefined, log);
  t.after(() => (other.cleanup(), d.cleanup()));
  await other.call('register', { username: 'logkey', licenseZip: '94105', passphrase: PASSPHRASE });
  await d.call('register', { username: 'logged', licenseZip: '94105', passphrase: PASSPHRASE });
  await d.call('logout', {});
  // A key file that does not open with the passphrase the vault accepts.
  cpSync(join(other.profileDir, 'accounts', 'logkey', 'hmk.json'), join(d.profileDir, 'accounts', 'logged', 'hmk.json'));
  const r = await d.raw('login', { username: 'logged', passphrase: PASSPHRASE });
  assert.equal(!r.ok && r.error.code, 'LOCAL_KEY_UNREADABLE');

  const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const unreadable = entries.find((e) => e.event === 'local-key-unreadable');
  assert.ok(unreadable, 'the swallowed cause is logged');
  assert.equal(unreadable.code, 'AUTH_FAILED');
  for (const line of lines) assert.ok(!line.includes(PASSPHRASE) && !line.includes('horse'), `no passphrase in: ${line}`);
});

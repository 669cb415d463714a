/**
 * Sign-in is the vault's decision (SPEC §3.3): every passphrase goes to the vault, which counts
 * failures and locks the meter after five in a row; only an accepted login unlocks the local
 * HMK, and the answer is used only if its MAC verifies with that HMK.
 */
import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeDesktop, PASSPHRASE, type Desktop } from '../helpers/desktop-fixture.ts';
import { vaultBehindProxy } from '../helpers/ws-proxy.ts';

const WRONG = 'not the passphrase at all';

const fx = vaultBehindProxy();
const sent: string[] = [];

/** A desktop behind the proxy with a registered, signed-out account; counts the ops the vault answers. */
async function signedOutAccount(username: string): Promise<Desktop> {
  const d = makeDesktop(fx.vault, fx.proxy.url);
  await d.call('register', { username, licenseZip: '94105', passphrase: PASSPHRASE });
  await d.call('logout', {});
  fx.proxy.onAnswer = (op) => {
    sent.push(op);
    return { kind: 'pass' };
  };
  sent.length = 0;
  return d;
}

function loginsSent(): number {
  return sent.filter((op) => op === 'login').length;
}

test('five wrong passphrases lock the meter at the vault; then even the right one is refused with LOCKED_OUT', async (t) => {
  const d = await signedOutAccount('locky');
  t.after(() => d.cleanup());
  for (let attempt = 1; attempt <= 4; attempt++) {
    const r = await d.raw('login', { username: 'locky', passphrase: WRONG });
    assert.equal(!r.ok && r.error.code, 'AUTH_FAILED', `attempt ${attempt}`);
    assert.match(!r.ok ? r.error.message : '', /^Wrong username or passphrase/);
    assert.ok(!r.ok && !r.error.message.includes(WRONG), 'the passphrase is never echoed');
  }
  const fifth = await d.raw('login', { username: 'locky', passphrase: WRONG });
  assert.equal(!fifth.ok && fifth.error.code, 'LOCKED_OUT', 'the fifth failure locks the meter at once');
  assert.equal(loginsSent(), 5, 'every wrong passphrase went to the vault, which counts them');

  const right = await d.raw('login', { username: 'locky', passphrase: PASSPHRASE });
  assert.equal(!right.ok && right.error.code, 'LOCKED_OUT');
  assert.match(!right.ok ? right.error.message : '', /locked for 15 minutes after 5 failed sign-ins/);
  assert.equal(loginsSent(), 6);

  const status = d.core.status();
  assert.equal(status.signedIn, false);
  assert.equal(status.problem?.code, 'LOCKED_OUT');
  assert.equal(status.problem?.username, 'locky', 'locked is this meter, not whoever signs in next (issue 15, defect 8)');
  assert.equal(status.registers, null);
  const buy = await d.raw('buyPostage', { amountMills: 1_000 });
  assert.equal(!buy.ok && buy.error.code, 'AUTH_FAILED', 'no value operation while locked out');
  assert.ok(!sent.includes('purchase'));
});

test('a wrong passphrase is refused by the vault; the right one next signs in and clears the count', async (t) => {
  const d = await signedOutAccount('oneoff');
  t.after(() => d.cleanup());
  const r = await d.raw('login', { username: 'oneoff', passphrase: WRONG });
  assert.equal(!r.ok && r.error.code, 'AUTH_FAILED');
  assert.equal(loginsSent(), 1);
  const status = await d.call('login', { username: 'oneoff', passphrase: PASSPHRASE });
  assert.equal(status.signedIn, true);
  assert.equal(status.problem, null);
});

test('a login answer whose MAC does not verify with the unlocked HMK is refused', async (t) => {
  const d = await signedOutAccount('tampered');
  t.after(() => d.cleanup());
  fx.proxy.onAnswer = (op, _request, answer) => {
    sent.push(op);
    if (op !== 'login' || typeof answer.mac !== 'string') return { kind: 'pass' };
    const mac = Buffer.from(answer.mac, 'base64url');
    mac[0] = (mac[0] ?? 0) ^ 1;
    return { kind: 'replace', frame: { ...answer, mac: mac.toString('base64url') } };
  };
  const r = await d.raw('login', { username: 'tampered', passphrase: PASSPHRASE });
  assert.equal(!r.ok && r.error.code, 'ANSWER_REFUSED');
  assert.match(!r.ok ? r.error.message : '', /not signed in/);
  const status = d.core.status();
  assert.equal(status.signedIn, false);
  assert.equal(status.registers, null);
});

test('a local key file that does not open with the accepted passphrase: not signed in, said plainly', async (t) => {
  const other = await signedOutAccount('otherkey');
  t.after(() => other.cleanup());
  const d = await signedOutAccount('damaged');
  t.after(() => d.cleanup());
  // Swap in a key file sealed under another account's passphrase-derived key and username.
  cpSync(join(other.profileDir, 'accounts', 'otherkey', 'hmk.json'), join(d.profileDir, 'accounts', 'damaged', 'hmk.json'));
  const r = await d.raw('login', { username: 'damaged', passphrase: PASSPHRASE });
  assert.equal(!r.ok && r.error.code, 'LOCAL_KEY_UNREADABLE');
  assert.equal(loginsSent(), 1, 'the vault judged the passphrase first');
  assert.equal(d.core.status().signedIn, false);
});

test('a profile without the meter key says where the key lives and sends nothing', async (t) => {
  const d = await signedOutAccount('elsewhere');
  t.after(() => d.cleanup());
  rmSync(join(d.profileDir, 'accounts', 'elsewhere', 'hmk.json'));
  const r = await d.raw('login', { username: 'elsewhere', passphrase: PASSPHRASE });
  assert.equal(!r.ok && r.error.code, 'NO_LOCAL_ACCOUNT');
  assert.match(!r.ok ? r.error.message : '', /lives on the computer it was registered on/);
  assert.equal(loginsSent(), 0);
});

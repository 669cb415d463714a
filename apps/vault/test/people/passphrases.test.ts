/**
 * Passphrases of an account's people, over a real WebSocket: changing one (the repetition list of
 * SPEC §3.3: the last 5 may not be reused), an admin's reset of a clerk's (changed at the next
 * sign-in), failed sign-ins counted per person, and the operator's `vault reset-passphrase`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLERK_PASS, ok, PASS, postage, refused, usePeopleVault } from './people-fixture.ts';

const fx = usePeopleVault();

test('passphraseChange: the current one is required, the last 5 may not be reused, the new one signs in', async () => {
  const owner = await fx.owner('pc.owner');
  const before = await fx.dbState();
  refused(await owner.passphraseChange(PASS, PASS), 'BAD_REQUEST', 'the current passphrase as the new one');
  assert.equal(await fx.dbState(), before, 'a repeated passphrase changes nothing');
  const chosen = ['second passphrase', 'third passphrase', 'fourth passphrase', 'fifth passphrase'];
  let current = PASS;
  for (const next of chosen) {
    ok(await owner.passphraseChange(current, next), `change to "${next}"`);
    current = next;
  }
  // The list now holds the first passphrase and the four after it: each of them is refused.
  for (const old of [PASS, ...chosen]) refused(await owner.passphraseChange(current, old), 'BAD_REQUEST', `re-use of "${old}"`);
  ok(await owner.passphraseChange(current, 'sixth passphrase'), 'a sixth one');
  ok(await owner.passphraseChange('sixth passphrase', PASS), 'the first one has left the list of the last 5');
  const fresh = await fx.connect();
  refused(await fresh.login('pc.owner', 'sixth passphrase', owner.hmk), 'AUTH_FAILED', 'the old passphrase');
  ok(await fresh.login('pc.owner', PASS, owner.hmk), 'the new passphrase');
});

test('passphraseChange with a wrong current passphrase is refused and counted; the challenge stays', async () => {
  const owner = await fx.owner('pw.owner');
  ok(await owner.userAdd('pw.clerk', 'clerk', CLERK_PASS), 'userAdd');
  const clerk = await fx.signIn(owner, 'pw.clerk', CLERK_PASS);
  for (let i = 1; i <= 4; i++) refused(await clerk.passphraseChange(`not mine ${i}xxx`, 'a wanted passphrase'), 'AUTH_FAILED', `wrong current ${i}`);
  ok(await clerk.passphraseChange(CLERK_PASS, 'a wanted passphrase'), 'the right one, with the same challenge (and the count starts again)');
  for (let i = 1; i <= 4; i++) refused(await clerk.passphraseChange(`not mine ${i}xxx`, 'another passphrase'), 'AUTH_FAILED', `wrong again ${i}`);
  refused(await clerk.passphraseChange('not mine 5xxx', 'another passphrase'), 'LOCKED_OUT', 'the fifth wrong one in a row');
  const again = await fx.connect();
  refused(await again.login('pw.clerk', 'a wanted passphrase', owner.hmk), 'LOCKED_OUT', 'signing in while locked');
  ok(await again.login('pw.owner', PASS, owner.hmk), 'the owner is not locked');
});

test('an admin resets a clerk\'s passphrase; the clerk must choose a new one before printing', async () => {
  const owner = await fx.owner('rs.owner', 5_000);
  ok(await owner.userAdd('rs.clerk', 'clerk', CLERK_PASS), 'userAdd');
  refused(await owner.userReset('rs.clerk', CLERK_PASS), 'BAD_REQUEST', 'a reset to one of the clerk\'s last 5');
  refused(await owner.userReset('rs.nobody', 'a temporary passphrase'), 'NOT_FOUND', 'a reset of a stranger');
  ok(await owner.userReset('rs.clerk', 'a temporary passphrase'), 'userReset');
  const stale = await fx.connect();
  refused(await stale.login('rs.clerk', CLERK_PASS, owner.hmk), 'AUTH_FAILED', 'the forgotten passphrase');
  const clerk = await fx.signIn(owner, 'rs.clerk', 'a temporary passphrase');
  const me = ok(await clerk.users(), 'users').me as { mustChangePassphrase: boolean };
  assert.equal(me.mustChangePassphrase, true);
  const before = await fx.dbState();
  const printed = await clerk.maced('indicium', postage());
  refused(printed, 'AUTH_FAILED', 'printing before choosing a new passphrase');
  assert.match(printed.error?.message ?? '', /choose a new passphrase/);
  assert.equal(await fx.dbState(), before);
  ok(await clerk.passphraseChange('a temporary passphrase', 'the clerk chose this'), 'change');
  assert.equal((ok(await clerk.users(), 'users').me as { mustChangePassphrase: boolean }).mustChangePassphrase, false);
  ok(await clerk.maced('indicium', postage()), 'the clerk prints');
});

test('failed sign-ins are counted per person: a locked clerk does not lock the owner out', async () => {
  const owner = await fx.owner('lk.owner');
  ok(await owner.userAdd('lk.clerk', 'clerk', CLERK_PASS), 'userAdd');
  const guesser = await fx.connect();
  for (let i = 1; i <= 4; i++) refused(await guesser.login('lk.clerk', `wrong guess ${i}xx`, owner.hmk), 'AUTH_FAILED', `guess ${i}`);
  refused(await guesser.login('lk.clerk', 'wrong guess 5xx', owner.hmk), 'LOCKED_OUT', 'the fifth guess locks');
  refused(await guesser.login('lk.clerk', CLERK_PASS, owner.hmk), 'LOCKED_OUT', 'the right passphrase while locked');
  ok(await guesser.login('LK.OWNER', PASS, owner.hmk), 'the owner signs in');
});

test('vault reset-passphrase: audited, one-time, must be changed, and moves the meter to a new computer', async () => {
  const owner = await fx.owner('op.owner', 4_000);
  ok(await owner.maced('indicium', postage()), 'piece 1 on the old computer');
  const help = await fx.cli('reset-passphrase', '--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--user NAME/);
  const missing = await fx.cli('reset-passphrase', '--data', fx.vault.dataDir, '--user', 'op.nobody', '--operator', 'test operator');
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /no person named "op.nobody"/);
  const run = await fx.cli('reset-passphrase', '--data', fx.vault.dataDir, '--user', 'OP.OWNER', '--operator', 'test operator, ticket 1');
  assert.equal(run.code, 0, run.stderr);
  const oneTime = /one-time passphrase for op\.owner: (\S+)/.exec(run.stdout)?.[1];
  assert.ok(oneTime !== undefined && oneTime.length >= 20, run.stdout);
  const audit = await fx.vault.query<{ event: string; detail: string }>("SELECT event, detail FROM audit_log WHERE event = 'passphrase-reset-issued'");
  assert.equal(audit.length, 1);
  assert.deepEqual(JSON.parse(audit[0]?.detail ?? '{}'), { username: 'op.owner', operator: 'test operator, ticket 1' });
  assert.ok(!JSON.stringify(await fx.vault.query('SELECT * FROM audit_log')).includes(oneTime), 'the passphrase is not in the audit log');

  // The new computer: the old one's key store is lost, so the person moves the meter here.
  const laptop = await fx.connect();
  const moved = ok(await laptop.transfer('op.owner', oneTime), 'transfer with the one-time passphrase');
  assert.deepEqual(moved.registers, { ar: 740, dr: 3_260 }, 'the registers are the vault\'s');
  assert.equal(moved.pieces, 1);
  refused(await laptop.maced('indicium', postage()), 'AUTH_FAILED', 'printing before choosing a new passphrase');
  ok(await laptop.passphraseChange(oneTime, 'my new passphrase'), 'a passphrase of their own');
  ok(await laptop.maced('indicium', postage()), 'piece 2 on the new computer');
  refused(await owner.maced('indicium', postage()), 'BAD_MAC', 'the old computer');
  const again = await fx.connect();
  refused(await again.transfer('op.owner', oneTime), 'AUTH_FAILED', 'the one-time passphrase a second time');
  refused(await again.login('op.owner', PASS, laptop.hmk), 'AUTH_FAILED', 'the forgotten passphrase');
  const events = (await fx.vault.query<{ event: string }>("SELECT event FROM audit_log WHERE meter_id = ? ORDER BY id", laptop.meterId)).map((r) => r.event);
  assert.deepEqual(events.filter((e) => e !== 'login-failed'), ['passphrase-reset-issued', 'passphrase-reset-applied', 'meter-transferred', 'passphrase-changed']);
});

/**
 * Several people on one account (issue 15) against a real vault: an admin adds a clerk who signs
 * in on the same computer and prints on the same meter (one mirror), a clerk cannot buy and is not
 * signed out for asking, History says who printed each piece, passphrases change with the last 5
 * refused, an admin's reset forces a change, a removed person can no longer sign in, and the meter
 * moves to another computer (a new profile) and keeps printing on the same registers.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fundedDesktop, letterJob, makeDesktop, PASSPHRASE, startTestVault, type Desktop, type TestVault } from '../helpers/desktop-fixture.ts';

const CLERK_PASS = 'clerk passphrase one';
const CLERK_RESET = 'clerk passphrase reset by admin';

let vault: TestVault;
let d: Desktop;

before(async () => {
  vault = await startTestVault();
  d = await fundedDesktop(vault, vault.url, 'owner1', 5_000);
});
after(async () => {
  d.cleanup();
  await vault.stop();
});

async function refusal(name: Parameters<Desktop['raw']>[0], input: unknown): Promise<{ code: string; message: string }> {
  const r = await d.raw(name, input);
  assert.ok(!r.ok, `${name} must be refused`);
  return r.error;
}

test('an admin adds a clerk; the clerk signs in here, prints on the same meter, cannot buy and stays signed in', async () => {
  const me = await d.call('status', {});
  assert.equal(me.role, 'admin');
  const people = await d.call('addPerson', { username: 'clerk1', role: 'clerk', passphrase: CLERK_PASS });
  assert.deepEqual(
    people.users.map((p) => [p.username, p.role, p.owner, p.onThisComputer]),
    [
      ['owner1', 'admin', true, true],
      ['clerk1', 'clerk', false, true],
    ],
  );
  const taken = await refusal('addPerson', { username: 'CLERK1', role: 'clerk', passphrase: CLERK_PASS });
  assert.equal(taken.code, 'ALREADY_EXISTS');
  assert.match(taken.message, /already taken/);

  const ownerPieces = (await d.call('printPostage', letterJob())).status.pieces;
  await d.call('logout', {});

  const clerk = await d.call('login', { username: 'clerk1', passphrase: CLERK_PASS });
  assert.equal(clerk.username, 'clerk1');
  assert.equal(clerk.role, 'clerk');
  assert.equal(clerk.valueOpsBlocked, false, 'one mirror for the meter: the clerk sign-in reconciles in step');
  assert.equal(clerk.pieces, ownerPieces);
  const { entry, status } = await d.call('printPostage', letterJob());
  assert.equal(status.pieces, (ownerPieces ?? 0) + 1);

  const buy = await refusal('buyPostage', { amountMills: 1_000 });
  assert.equal(buy.code, 'AUTH_FAILED');
  assert.match(buy.message, /clerk cannot buy postage/);
  const after = await d.call('status', {});
  assert.equal(after.signedIn, true, 'a role refusal is not a sign-out');
  assert.equal(after.valueOpsBlocked, false);
  assert.deepEqual((await d.call('people', {})).users.map((p) => p.username), ['clerk1'], 'a clerk sees only themselves');
  const add = await refusal('addPerson', { username: 'sneaky', role: 'admin', passphrase: CLERK_PASS });
  assert.equal(add.code, 'AUTH_FAILED');

  const clerkHistory = await d.call('history', {});
  assert.deepEqual(
    clerkHistory.map((e) => [e.pieceNumber, e.printedBy]),
    [[entry.pieceNumber, 'clerk1']],
    'a clerk sees only their own pieces',
  );
  await d.call('logout', {});

  const owner = await d.call('login', { username: 'owner1', passphrase: PASSPHRASE });
  assert.equal(owner.valueOpsBlocked, false, "the clerk's piece moved the one mirror the owner signs in with");
  const history = await d.call('history', {});
  const byPiece = new Map(history.map((e) => [e.pieceNumber, e.printedBy]));
  assert.equal(byPiece.get(entry.pieceNumber), 'clerk1');
  assert.equal(byPiece.get(entry.pieceNumber - 1), 'owner1');
});

test('changing a passphrase: the new one signs in, a wrong current one and one of the last 5 are refused plainly', async () => {
  const NEXT = 'owner passphrase number two';
  const wrong = await refusal('changePassphrase', { current: 'not my passphrase', next: NEXT });
  assert.equal(wrong.code, 'AUTH_FAILED');
  assert.match(wrong.message, /not your current passphrase/);
  assert.equal((await d.call('status', {})).signedIn, true);

  await d.call('changePassphrase', { current: PASSPHRASE, next: NEXT });
  const reuse = await refusal('changePassphrase', { current: NEXT, next: PASSPHRASE });
  assert.equal(reuse.code, 'BAD_REQUEST');
  assert.equal(reuse.message, 'That is one of your last 5 passphrases. Choose one you have not used before.');

  await d.call('logout', {});
  assert.equal((await refusal('login', { username: 'owner1', passphrase: PASSPHRASE })).code, 'AUTH_FAILED');
  const back = await d.call('login', { username: 'owner1', passphrase: NEXT });
  assert.equal(back.signedIn, true, 'the key file here opens with the new passphrase');
  await d.call('changePassphrase', { current: NEXT, next: 'owner passphrase number three' });
  await d.call('logout', {});
  await d.call('login', { username: 'owner1', passphrase: 'owner passphrase number three' });
});

test("an admin resets a clerk's passphrase (the clerk must choose a new one first), then removes the clerk", async () => {
  const reused = await refusal('resetPassphrase', { username: 'clerk1', passphrase: CLERK_PASS });
  assert.match(reused.message, /one of clerk1's last 5 passphrases/);
  const ownReset = await refusal('resetPassphrase', { username: 'owner1', passphrase: CLERK_RESET });
  assert.match(ownReset.message, /owner cannot be removed/);
  await d.call('resetPassphrase', { username: 'clerk1', passphrase: CLERK_RESET });
  await d.call('logout', {});

  const clerk = await d.call('login', { username: 'clerk1', passphrase: CLERK_RESET });
  assert.equal(clerk.mustChangePassphrase, true);
  const print = await refusal('printPostage', letterJob());
  assert.equal(print.code, 'AUTH_FAILED');
  assert.match(print.message, /choose a new passphrase first/i);
  const changed = await d.call('changePassphrase', { current: CLERK_RESET, next: 'clerk chose this one' });
  assert.equal(changed.mustChangePassphrase, false);
  await d.call('printPostage', letterJob());
  await d.call('logout', {});

  await d.call('login', { username: 'owner1', passphrase: 'owner passphrase number three' });
  const self = await refusal('removePerson', { username: 'owner1' });
  assert.match(self.message, /owner cannot be removed/);
  const people = await d.call('removePerson', { username: 'clerk1' });
  assert.deepEqual(people.users.map((p) => p.username), ['owner1']);
  assert.equal(existsSync(join(d.profileDir, 'accounts', 'clerk1')), false, "the clerk's key file here is gone");
  assert.equal(existsSync(join(d.profileDir, 'accounts', 'owner1', 'mirror.json')), true, "the meter's files stay");
  await d.call('logout', {});
  assert.equal((await refusal('login', { username: 'clerk1', passphrase: 'clerk chose this one' })).code, 'NO_LOCAL_ACCOUNT');
  assert.deepEqual((await d.call('status', {})).knownUsers, ['owner1']);
});

test('"Move my meter to this computer": a second profile takes the meter on the same registers; the first is refused', async (t) => {
  const OWNER_NOW = 'owner passphrase number three';
  const before = await d.call('login', { username: 'owner1', passphrase: OWNER_NOW });
  await d.call('logout', {});
  const other = makeDesktop(vault);
  t.after(() => other.cleanup());
  const wrong = await other.raw('transfer', { username: 'owner1', passphrase: 'not the passphrase here' });
  assert.equal(!wrong.ok && wrong.error.code, 'AUTH_FAILED');
  assert.equal(existsSync(join(other.profileDir, 'accounts', 'owner1')), false, 'a refused move leaves no key file');

  const moved = await other.call('transfer', { username: 'owner1', passphrase: OWNER_NOW });
  assert.equal(moved.signedIn, true);
  assert.equal(moved.role, 'admin');
  assert.deepEqual(moved.registers, before.registers, 'the registers go on unchanged');
  assert.equal(moved.pieces, before.pieces);
  assert.equal(moved.licenseZip, before.licenseZip, "the licensing ZIP comes from the meter's own signed sample");
  const { entry } = await other.call('printPostage', letterJob());
  assert.equal(entry.pieceNumber, (before.pieces ?? 0) + 1, 'the indicium verified with the fetched certificate and continues the numbering');
  await other.call('logout', {});
  const relogin = await other.call('login', { username: 'owner1', passphrase: OWNER_NOW });
  assert.equal(relogin.valueOpsBlocked, false);

  const old = await refusal('login', { username: 'owner1', passphrase: OWNER_NOW });
  assert.equal(old.code, 'ANSWER_REFUSED');
  assert.match(old.message, /moved to another computer/);
});

/**
 * Several people on one account, over a real WebSocket: an admin adds a clerk, the clerk prints,
 * the modules refuse a clerk's buying and refunding even in a hand-made (correctly MACed) frame,
 * and the owner's piece log names who printed each piece. Every refusal changes nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLERK_PASS, ok, PASS, postage, refused, usePeopleVault } from './people-fixture.ts';

const fx = usePeopleVault();

test('an admin adds a clerk; the clerk prints on the same meter; the owner sees who printed each piece', async () => {
  const owner = await fx.owner('shop.owner', 20_000);
  const added = ok(await owner.userAdd('Shop.Clerk', 'clerk', CLERK_PASS), 'userAdd');
  assert.deepEqual([added.username, added.role], ['Shop.Clerk', 'clerk']);
  ok(await owner.maced('indicium', postage()), 'owner prints piece 1');

  const clerk = await fx.signIn(owner, 'shop.clerk', CLERK_PASS);
  const printed = ok(await clerk.maced('indicium', postage()), 'clerk prints piece 2');
  assert.equal(printed.pieceNumber, 2);
  assert.deepEqual(clerk.registers, { ar: 1480, dr: 18_520 }, 'one meter, one pair of registers');
  const mine = ok(await clerk.users(), 'clerk users');
  assert.deepEqual(mine.me, { username: 'Shop.Clerk', role: 'clerk', owner: false, mustChangePassphrase: false });
  assert.deepEqual(mine.users, [{ username: 'Shop.Clerk', role: 'clerk', owner: false }], 'a clerk sees only themselves');

  const desk = await fx.signIn(owner, 'shop.owner', PASS);
  const all = ok(await desk.users(), 'owner users');
  assert.deepEqual(all.users, [
    { username: 'shop.owner', role: 'admin', owner: true },
    { username: 'Shop.Clerk', role: 'clerk', owner: false },
  ]);
  const log = ok(await desk.pieceLog(), 'pieceLog') as { pieces: Array<Record<string, unknown>> };
  assert.deepEqual(log.pieces.map((p) => [p.pieceNumber, p.username, p.rateCategory, p.postage, p.refunded]), [
    [1, 'shop.owner', 'FCLT', 740, false],
    [2, 'Shop.Clerk', 'FCLT', 740, false],
  ]);
  const byClerk = ok(await desk.pieceLog({ username: 'SHOP.CLERK' }), 'pieceLog by person') as { pieces: Array<{ pieceNumber: number }> };
  assert.deepEqual(byClerk.pieces.map((p) => p.pieceNumber), [2]);
  const paged = ok(await desk.pieceLog({ fromPiece: 2, limit: 1 }), 'pieceLog page') as { pieces: Array<{ pieceNumber: number }> };
  assert.deepEqual(paged.pieces.map((p) => p.pieceNumber), [2]);
  const rows = await fx.vault.query<{ username: string; piece_number: number }>('SELECT username, piece_number FROM piece_users');
  assert.deepEqual(rows.map((r) => [r.username, Number(r.piece_number)]), [['Shop.Clerk', 2]], 'only pieces not printed by the owner get a row');
});

test('a clerk cannot buy, refund or manage people, even with a hand-made frame; nothing changes', async () => {
  const owner = await fx.owner('desk.owner', 10_000);
  ok(await owner.userAdd('desk.clerk', 'clerk', CLERK_PASS), 'userAdd');
  ok(await owner.maced('indicium', postage()), 'piece 1');
  await fx.vault.credit('desk.owner', 5_000);
  const clerk = await fx.signIn(owner, 'desk.clerk', CLERK_PASS);
  const before = await fx.dbState();
  // Built and MACed exactly as a client that bypasses the app's hidden buttons would.
  const { body, mac } = clerk.build('purchase', { amount: 5_000 });
  const bought = await clerk.send('purchase', body, mac);
  refused(bought, 'AUTH_FAILED', 'a clerk\'s purchase');
  assert.match(bought.error?.message ?? '', /clerk cannot buy postage/);
  refused(await clerk.maced('refund', { pieceNumber: 1 }), 'AUTH_FAILED', 'a clerk\'s refund');
  refused(await clerk.userAdd('desk.second', 'admin', CLERK_PASS), 'AUTH_FAILED', 'a clerk adding an admin');
  refused(await clerk.userRemove('desk.owner'), 'AUTH_FAILED', 'a clerk removing the owner');
  refused(await clerk.userReset('desk.owner', 'owned by the clerk'), 'AUTH_FAILED', 'a clerk resetting the owner');
  refused(await clerk.pieceLog(), 'AUTH_FAILED', 'a clerk reading everyone\'s pieces');
  refused(await clerk.pieceLog({ username: 'desk.owner' }), 'AUTH_FAILED', 'a clerk reading the owner\'s pieces');
  assert.equal(await fx.dbState(), before, 'the refusals changed nothing');
  // The challenge stayed: the clerk's next request, on the same mirror, is served.
  ok(await clerk.maced('indicium', postage()), 'the clerk prints after the refusals');
  const own = ok(await clerk.pieceLog({ username: 'desk.clerk' }), 'own pieces') as { pieces: Array<{ pieceNumber: number; username: string }> };
  assert.deepEqual(own.pieces.map((p) => [p.pieceNumber, p.username]), [[2, 'desk.clerk']]);
});

test('a second admin buys and manages people but cannot remove the owner or themselves', async () => {
  const owner = await fx.owner('firm.owner');
  ok(await owner.userAdd('firm.admin', 'admin', CLERK_PASS), 'add admin');
  await fx.vault.credit('firm.owner', 3_000);
  const admin = await fx.signIn(owner, 'firm.admin', CLERK_PASS);
  ok(await admin.maced('purchase', { amount: 3_000 }), 'an admin buys');
  ok(await admin.userAdd('firm.clerk', 'clerk', CLERK_PASS), 'an admin adds a clerk');
  const before = await fx.dbState();
  refused(await admin.userRemove('firm.owner'), 'BAD_REQUEST', 'removing the owner');
  refused(await admin.userRemove('firm.admin'), 'BAD_REQUEST', 'removing oneself');
  refused(await admin.userRemove('nobody.here'), 'NOT_FOUND', 'removing a stranger');
  refused(await admin.userReset('firm.owner', 'a new owner passphrase'), 'BAD_REQUEST', 'resetting the owner');
  assert.equal(await fx.dbState(), before);
  ok(await admin.userRemove('FIRM.CLERK'), 'remove the clerk');
  const gone = await fx.connect();
  refused(await gone.login('firm.clerk', CLERK_PASS, owner.hmk), 'AUTH_FAILED', 'a removed clerk signing in');
  ok(await admin.userAdd('firm.clerk', 'clerk', 'a brand new clerk passphrase'), 'the name is free again');
});

test('usernames stay unique across the vault without regard to case; bad input changes nothing', async () => {
  await fx.owner('taken.name');
  const owner = await fx.owner('uniq.owner');
  ok(await owner.userAdd('uniq.clerk', 'clerk', CLERK_PASS), 'userAdd');
  const before = await fx.dbState();
  refused(await owner.userAdd('TAKEN.NAME', 'clerk', CLERK_PASS), 'ALREADY_EXISTS', 'another account\'s owner name');
  refused(await owner.userAdd('Uniq.Clerk', 'admin', CLERK_PASS), 'ALREADY_EXISTS', 'an existing person');
  refused(await owner.userAdd('uniq.owner', 'clerk', CLERK_PASS), 'ALREADY_EXISTS', 'the owner\'s own name');
  const stranger = await fx.connect();
  refused(await stranger.register('UNIQ.CLERK', PASS), 'ALREADY_EXISTS', 'registering a person\'s name');
  // A sealed secret made for another request (its clientNonce) is refused.
  refused(await owner.maced('userAdd', () => ({ username: 'uniq.other', role: 'clerk' as const, sealed: owner.sealed({ passphrase: CLERK_PASS, clientNonce: 'AAAAAAAAAAAAAAAAAAAAAA' }) })),
    'BAD_REQUEST', 'a secret sealed for another request');
  refused(await owner.userAdd('uniq.short', 'clerk', 'too short'), 'BAD_REQUEST', 'a passphrase under 10 characters');
  const offSchema = await owner.raw(JSON.stringify({ v: 1, id: 900, op: 'userAdd', body: { username: 'x', role: 'boss' }, mac: owner.build('users', {}).mac }), 900);
  refused(offSchema, 'BAD_REQUEST', 'an off-schema userAdd');
  const wrongMac = owner.build('userRemove', { username: 'uniq.clerk' });
  refused(await owner.send('userRemove', wrongMac.body, owner.build('users', {}).mac), 'BAD_MAC', 'a userRemove with another request\'s MAC');
  assert.equal(await fx.dbState(), before, 'nothing changed');
  ok(await owner.users(), 'the connection and the challenge still serve');
});

test('an account holds at most 20 people; pieceLog and userReset refuse what they cannot serve', async () => {
  const owner = await fx.owner('cap.owner');
  for (let i = 1; i <= 19; i++) ok(await owner.userAdd(`cap.clerk${i}`, 'clerk', CLERK_PASS), `person ${i + 1}`);
  const before = await fx.dbState();
  const full = await owner.userAdd('cap.clerk20', 'clerk', CLERK_PASS);
  refused(full, 'BAD_REQUEST', 'a 21st person');
  assert.match(full.error?.message ?? '', /at most 20 people/);
  refused(await owner.userReset('cap.owner', 'a new passphrase here'), 'BAD_REQUEST', 'the owner resetting themselves');
  const big = owner.build('pieceLog', { limit: 101 });
  refused(await owner.send('pieceLog', big.body, big.mac), 'BAD_REQUEST', 'a page of 101 pieces');
  assert.equal(await fx.dbState(), before);
  assert.equal((ok(await owner.users(), 'users').users as unknown[]).length, 20);
});

/**
 * `transfer` over a real WebSocket: an admin moves the meter to a new computer (a new HMK), which
 * keeps printing on the vault's registers while the old computer is refused; replay-proof like
 * `login` (SPEC v1.1); a clerk, a wrong passphrase and bad input are refused and change nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomNonce } from '@vbi/protocol/crypto';
import { CLERK_PASS, ok, PASS, postage, refused, usePeopleVault } from './people-fixture.ts';

const fx = usePeopleVault();

test('an admin moves the meter: the same registers and piece numbers go on, the old computer gets BAD_MAC', async () => {
  const old = await fx.owner('mv.owner', 6_000);
  ok(await old.userAdd('mv.admin', 'admin', CLERK_PASS), 'a second admin');
  ok(await old.maced('indicium', postage()), 'piece 1');
  const oldHmk = old.hmk;
  const laptop = await fx.connect();
  const moved = ok(await laptop.transfer('mv.admin', CLERK_PASS), 'transfer');
  assert.notDeepEqual(laptop.hmk, oldHmk);
  assert.deepEqual([moved.meterId, moved.registers, moved.pieces], [old.meterId, { ar: 740, dr: 5_260 }, 1]);
  assert.deepEqual((moved.lastPiece as { pieceNumber: number }).pieceNumber, 1);
  const piece = ok(await laptop.maced('indicium', postage()), 'piece 2 on the new computer');
  assert.equal(piece.pieceNumber, 2);
  const log = ok(await laptop.pieceLog(), 'pieceLog') as { pieces: Array<{ username: string }> };
  assert.deepEqual(log.pieces.map((p) => p.username), ['mv.owner', 'mv.admin']);
  refused(await old.maced('indicium', postage()), 'BAD_MAC', 'the old computer\'s request');
  // The passphrase is still right, but the answer is MACed with the new key: the old computer learns the meter moved.
  const oldDesk = await fx.connect();
  await assert.rejects(oldDesk.login('mv.owner', PASS, oldHmk), /answer MAC does not verify/);
  const events = (await fx.vault.query<{ event: string; detail: string }>("SELECT event, detail FROM audit_log WHERE event = 'meter-transferred'"));
  assert.deepEqual(events.map((e) => JSON.parse(e.detail)), [{ username: 'mv.admin' }]);
});

test('transfer is refused to a clerk, a wrong passphrase and a replayed loginNonce; nothing else changes', async () => {
  const owner = await fx.owner('tr.owner', 2_000);
  ok(await owner.userAdd('tr.clerk', 'clerk', CLERK_PASS), 'a clerk');
  const stranger = await fx.connect();
  refused(await stranger.transfer('tr.nobody', PASS), 'AUTH_FAILED', 'an unknown user');
  const before = await fx.dbState();
  const packageOf = async () => JSON.stringify(await fx.vault.query('SELECT package FROM packages WHERE meter_id = ?', owner.meterId));
  const pkg = await packageOf();
  refused(await stranger.transfer('tr.clerk', CLERK_PASS), 'AUTH_FAILED', 'a clerk moving the meter');
  refused(await stranger.transfer('tr.owner', 'the wrong passphrase'), 'AUTH_FAILED', 'a wrong passphrase');
  // A transfer sealed with a loginNonce this connection's latest hello did not give (a replay).
  const hello = await stranger.hello();
  ok(hello, 'hello');
  const clientNonce = randomNonce();
  const sealed = stranger.sealed({ passphrase: PASS, hmk: Buffer.alloc(32, 7).toString('base64url'), clientNonce, loginNonce: randomNonce() });
  refused(await stranger.send('transfer', { username: 'tr.owner', clientNonce, sealed }), 'AUTH_FAILED', 'a stale loginNonce');
  const replay = await stranger.send('transfer', { username: 'tr.owner', clientNonce, sealed });
  refused(replay, 'AUTH_FAILED', 'the same frame again');
  refused(await stranger.send('transfer', { username: 'tr.owner', clientNonce, sealed: 'AAAA' }), 'BAD_REQUEST', 'an off-schema sealed');
  refused(await stranger.send('transfer', { username: 'tr.owner', clientNonce: randomNonce(), sealed }), 'AUTH_FAILED', 'a sealed nonce of another request');
  assert.notEqual(await packageOf(), pkg, 'the failed attempts were counted in the package');
  // dbState's tables 5 and 8: packages, and the checkpoint of the batches that counted the failures.
  const rowsBut = (s: string) => JSON.stringify((JSON.parse(s) as unknown[]).filter((_t, i) => i !== 5 && i !== 8));
  assert.equal(rowsBut(await fx.dbState()), rowsBut(before), 'nothing but the package (its failure counts) changed');
  ok(await owner.maced('indicium', postage()), 'the owner\'s computer still prints: the HMK and challenge stayed');
  const sealedLogin = await fx.connect();
  ok(await sealedLogin.login('tr.owner', PASS, owner.hmk), 'the owner signs in (the count was below 5)');
});

/**
 * SPEC v1.1 "Replay": the hello answer's loginNonce, single use, bound to its connection, must be
 * sealed into login and register. A replayed login is AUTH_FAILED and counts as a failed login; a
 * replayed register is BAD_REQUEST; neither changes anything else (the challenge does not roll).
 */
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { PASS, type Fixture } from '../fixture.ts';
import { assertError, assertOk } from '../meter.ts';
import { b64u, nonce, seal } from '../spec-crypto.ts';

export function replayTests(fx: Fixture): void {
  test('a captured login replayed (other connection, same connection) is AUTH_FAILED, counts toward the lock, and rolls no challenge', async () => {
    const owner = await fx.signedUp('replay.login');
    const victim = await fx.meter();
    const captured = await victim.loginFrame('replay.login', PASS);
    const first = await victim.wire.request('login', captured.body);
    assertOk(first, 'the genuine login');
    victim.hmk = owner.hmk;
    victim.accept('login', first, captured.body.clientNonce);

    const attacker = await fx.meter();
    for (let i = 1; i <= 4; i++) {
      await attacker.loginNonce(); // the attacker's own hello: its nonce is not the one sealed
      assertError(await attacker.wire.request('login', captured.body), 'AUTH_FAILED', `replay ${i} on another connection`);
    }
    assertOk(await victim.maced('audit', {}), 'the replays did not roll the outstanding challenge');
    assertError(await victim.wire.request('login', captured.body), 'LOCKED_OUT', 'a fifth replay (same connection, nonce used) is the fifth failure');
    assertError(await (await fx.meter()).login('replay.login', PASS, owner.hmk), 'LOCKED_OUT', 'the replays counted as failed logins');
  });

  test('login without a hello, with an older hello\'s nonce, or another connection\'s is AUTH_FAILED; a fresh one succeeds', async () => {
    const owner = await fx.signedUp('replay.nonce');
    const m = await fx.meter();
    const login = (loginNonce: string) => {
      const clientNonce = nonce();
      return m.wire.request('login', { username: 'replay.nonce', clientNonce, sealed: seal(fx.trust.bankEnc, { passphrase: PASS, clientNonce, loginNonce }) });
    };
    assertError(await login(nonce()), 'AUTH_FAILED', 'no hello on this connection');
    const older = await m.loginNonce();
    await m.loginNonce();
    assertError(await login(older), 'AUTH_FAILED', 'only the latest hello\'s nonce is valid');
    const other = await (await fx.meter()).loginNonce();
    await m.loginNonce();
    assertError(await login(other), 'AUTH_FAILED', 'a nonce given to another connection');
    assertOk(await m.login('replay.nonce', PASS, owner.hmk), 'three failures, then the right login');
  });

  test('a replayed register is BAD_REQUEST and registers nothing; so is one without a hello', async () => {
    const first = await fx.meter();
    const secret = { hmk: b64u(randomBytes(32)), passphrase: PASS, clientNonce: nonce(), loginNonce: await first.loginNonce() };
    const sealed = seal(fx.trust.bankEnc, secret);
    const other = await fx.meter();
    await other.loginNonce();
    assertError(await other.wire.request('register', { username: 'replay.reg', licenseZip: '94102', sealed }), 'BAD_REQUEST', 'on another connection');
    assertOk(await first.wire.request('register', { username: 'replay.reg', licenseZip: '94102', sealed }), 'on its own connection, once');
    assertError(await first.wire.request('register', { username: 'replay.reg2', licenseZip: '94102', sealed }), 'BAD_REQUEST', 'again: its nonce is used');
    await other.loginNonce();
    assertError(await other.wire.request('register', { username: 'replay.reg2', licenseZip: '94102', sealed }), 'BAD_REQUEST', 'elsewhere, again');
    const fresh = await fx.meter();
    const noHello = seal(fx.trust.bankEnc, { ...secret, loginNonce: nonce() });
    assertError(await fresh.wire.request('register', { username: 'replay.reg2', licenseZip: '94102', sealed: noHello }), 'BAD_REQUEST', 'no hello');
    assertOk(await fresh.register('replay.reg2', PASS), 'the replays did not take the name');
  });
}

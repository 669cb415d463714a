/** The people inside a PSD package (bank/package-users.ts): packages made before people existed, and who may use which op. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError } from '@vbi/protocol';
import { actingAs, actingPerson, checkPermission, peopleOf, personNamed, remembered, withPerson, type PsdUser } from '../../src/bank/package-users.ts';
import { emptyV2Fields, type PsdPackage } from '../../src/bank/psd-package.ts';

/** A package as the vault wrote it before people existed: SPEC §4.1's fields only, for its one user. */
const legacy: PsdPackage = {
  v: 2, meterId: '3b0c6d2e-6a4e-4f0f-9c1e-0d7b1c2a9e11', state: 'operational', ar: 0, dr: 0, totalDownloaded: 0, totalRefunded: 0,
  deviceId: { vendor: 1, model: 1, serial: 1 }, certSerial: 1, licenseZip: '94102', signingKey: 'k', hmk: 'h',
  passphraseHash: 'owner-hash', repetitionList: ['owner-hash'], lastTxAt: null, challenge: 'c', keyNotBefore: '', keyNotAfter: '',
  pieceCounter: 0, failedLogins: 2, lockedUntil: null, ...emptyV2Fields(),
};
const clerk: PsdUser = {
  username: 'Desk.Clerk', role: 'clerk', passphraseHash: 'clerk-hash', repetitionList: ['clerk-hash'], failedLogins: 0,
  lockedUntil: null, mustChange: false, lastResetAt: null, addedAt: '2026-12-01T00:00:00.000Z',
};

test('an old package reads as its owner alone; the owner\'s name is learnt at the first sign-in', () => {
  const owner = personNamed(legacy, 'Alice');
  assert.deepEqual([owner.owner, owner.role, owner.passphraseHash, owner.failedLogins, owner.mustChange], [true, 'admin', 'owner-hash', 2, false]);
  assert.equal(actingPerson(legacy).owner, true);
  const signedIn = withPerson(legacy, { ...owner, failedLogins: 0 });
  assert.deepEqual([signedIn.owner, signedIn.passphraseHash, signedIn.failedLogins, signedIn.users], ['Alice', 'owner-hash', 0, undefined]);
  assert.deepEqual(peopleOf(signedIn, 'ignored').map((p) => p.username), ['Alice']);
});

test('a name the package does not list can only reach the owner\'s hash; a listed one reaches its own record', () => {
  const p: PsdPackage = { ...legacy, owner: 'alice', users: [clerk] };
  assert.equal(personNamed(p, 'desk.clerk').passphraseHash, 'clerk-hash');
  assert.equal(personNamed(p, 'someone.else').passphraseHash, 'owner-hash');
  const acting = actingAs(p, personNamed(p, 'DESK.CLERK'));
  assert.equal(actingPerson(acting).username, 'Desk.Clerk');
  assert.equal(actingAs(acting, personNamed(p, 'alice')).actingUser, undefined, 'the owner acts with no name stored');
  const locked = withPerson(p, { ...personNamed(p, 'desk.clerk'), failedLogins: 4 });
  assert.deepEqual([locked.users?.[0]?.failedLogins, locked.users?.[0]?.addedAt, locked.failedLogins], [4, clerk.addedAt, 2], 'only the clerk\'s count changed');
  // Removed while they held the challenge: they must sign in again, never fall back to the owner.
  assert.throws(() => actingPerson({ ...acting, users: [] }), (e: unknown) => e instanceof ProtocolError && e.code === 'AUTH_FAILED');
});

test('who may use which op', () => {
  const admin = personNamed({ ...legacy, owner: 'alice' }, 'alice');
  const desk = { ...personNamed({ ...legacy, users: [clerk] }, 'desk.clerk') };
  const refusedTo = (op: Parameters<typeof checkPermission>[0], person: typeof admin) => {
    try {
      checkPermission(op, person);
      return null;
    } catch (e) {
      return (e as ProtocolError).code;
    }
  };
  for (const op of ['purchase', 'refund', 'userAdd', 'userRemove', 'userReset'] as const) {
    assert.equal(refusedTo(op, desk), 'AUTH_FAILED', `a clerk's ${op}`);
    assert.equal(refusedTo(op, admin), null, `an admin's ${op}`);
  }
  for (const op of ['indicium', 'piece', 'audit', 'printerResult', 'logout', 'users', 'pieceLog', 'passphraseChange'] as const) {
    assert.equal(refusedTo(op, desk), null, `a clerk's ${op}`);
  }
  const reset = { ...admin, mustChange: true };
  assert.equal(refusedTo('indicium', reset), 'AUTH_FAILED');
  assert.equal(refusedTo('purchase', reset), 'AUTH_FAILED');
  for (const op of ['passphraseChange', 'users', 'logout'] as const) assert.equal(refusedTo(op, reset), null);
});

test('the repetition list keeps the last 5, newest last', () => {
  assert.deepEqual(remembered(['a', 'b', 'c', 'd', 'e'], 'f'), ['b', 'c', 'd', 'e', 'f']);
  assert.deepEqual(remembered(['a'], 'b'), ['a', 'b']);
});

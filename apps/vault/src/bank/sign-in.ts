/**
 * Signing in as one person of an account: `login` (SPEC §3.3, v1.1) and `transfer`, which is a
 * login that also hands the meter a new HMK (the meter moves to this computer; the old computer's
 * requests then fail BAD_MAC). Failures are counted per person (docs/protocol.md "Accounts with
 * several users"); the operator's pending passphrase reset is applied first.
 */
import { loginSecretSchema, ProtocolError, transferSecretSchema } from '@vbi/protocol';
import type { CommandEffects, ModuleCommand, PieceOnFile } from './messages.ts';
import { hmkOf, openBankSealed, registersOf, STALE_LOGIN_NONCE, success, type OpsContext, type TxOutcome } from './module-ops.ts';
import { openOperatorReset } from './operator-reset.ts';
import { actingAs, personNamed, remembered, withPerson, type Person } from './package-users.ts';
import { verifyPassphrase } from './passphrase-hash.ts';
import { sealPackage, wrapSecret, type PsdPackage } from './psd-package.ts';
import { randomChallenge } from './random-pool.ts';
import { verifiedPiece } from './record-checks.ts';

type SignInCommand = Extract<ModuleCommand, { op: 'login' | 'transfer' }>;
type Audit = CommandEffects['audits'][number];

const MAX_FAILED_LOGINS = 5;
const LOCK_MS = 15 * 60 * 1000;
const WRONG = 'unknown user or wrong passphrase';

/** A refusal that still changes the package (a failure counted, a reset applied); the challenge stays. */
export function refusalWithChange(
  ctx: OpsContext, op: string, next: PsdPackage, code: 'AUTH_FAILED' | 'LOCKED_OUT', message: string, audits: Audit[],
): TxOutcome {
  return {
    outcome: { result: { ok: false, code, message }, change: { pkg: sealPackage(ctx.keys.psd, next), state: next.state }, effects: { audits } },
    tx: { type: op, amount: 0, value: null, pieceNumber: null },
    pkg: next,
  };
}

/** One more failure for `person`: the fifth in a row locks them for 15 minutes and is answered LOCKED_OUT. */
export function failedPassphrase(
  ctx: OpsContext, op: string, p: PsdPackage, person: Person, now: Date, event: string, message: string, audits: Audit[] = [],
): TxOutcome {
  const failed = person.failedLogins + 1;
  const locks = failed >= MAX_FAILED_LOGINS;
  const next = withPerson(p, {
    ...person, failedLogins: locks ? 0 : failed, lockedUntil: locks ? new Date(now.getTime() + LOCK_MS).toISOString() : null,
  });
  const at = now.toISOString();
  const audit: Audit = { at, event: locks ? 'login-locked' : event, meterId: p.meterId, detail: { op, username: person.username } };
  return locks
    ? refusalWithChange(ctx, op, next, 'LOCKED_OUT', 'too many failed passphrases; signing in is locked for 15 minutes', [...audits, audit])
    : refusalWithChange(ctx, op, next, 'AUTH_FAILED', message, [...audits, audit]);
}

/** The operator's reset, when one waits for this person and is newer than the last they used. */
function withOperatorReset(ctx: OpsContext, cmd: SignInCommand, person: Person, now: Date): { person: Person; audit: Audit | null } {
  if (cmd.reset === null) return { person, audit: null };
  const reset = openOperatorReset(ctx.keys.psd, cmd.meterId, person.username, cmd.reset, now);
  if (reset === null || (person.lastResetAt !== null && reset.issuedAt <= person.lastResetAt)) return { person, audit: null };
  const next: Person = {
    ...person, passphraseHash: reset.hash, repetitionList: remembered(person.repetitionList, reset.hash), mustChange: true,
    failedLogins: 0, lockedUntil: null, lastResetAt: reset.issuedAt,
  };
  const audit: Audit = { at: now.toISOString(), event: 'passphrase-reset-applied', meterId: cmd.meterId, detail: { username: person.username, issuedAt: reset.issuedAt } };
  return { person: next, audit };
}

function openSecret(ctx: OpsContext, cmd: SignInCommand): { passphrase: string; clientNonce: string; loginNonce: string; hmk?: string } {
  const opened = openBankSealed(ctx, cmd.sealed);
  const secret = cmd.op === 'login' ? loginSecretSchema.safeParse(opened) : transferSecretSchema.safeParse(opened);
  if (!secret.success) {
    const holds = cmd.op === 'login' ? '{passphrase, clientNonce, loginNonce}' : '{passphrase, hmk, clientNonce, loginNonce}';
    throw new ProtocolError('BAD_REQUEST', `sealed: does not hold ${holds}`);
  }
  return secret.data;
}

/**
 * A withdrawn meter refuses every sign-in. Its holder learns why (METER_NOT_OPERATIONAL) only with
 * the right passphrase on a fresh nonce; anything else is the usual AUTH_FAILED. Nothing is counted:
 * a withdrawn meter's package never changes again.
 */
async function refuseWithdrawn(cmd: SignInCommand, person: Person, secret: { passphrase: string; loginNonce: string }): Promise<never> {
  if (person.passphraseHash !== null && secret.loginNonce === cmd.loginNonce && (await verifyPassphrase(secret.passphrase, person.passphraseHash))) {
    throw new ProtocolError('METER_NOT_OPERATIONAL', 'this meter has been withdrawn from service');
  }
  throw new ProtocolError('AUTH_FAILED', WRONG);
}

/**
 * The answer's `lastPiece` is MACed by the module, so it names only a piece whose seal verifies and
 * which is the meter's newest (its number = the piece counter); otherwise null, audited.
 */
function lastPieceOf(ctx: OpsContext, p: PsdPackage, row: PieceOnFile | null, op: string, at: string): { info: unknown; audits: Audit[] } {
  if (row === null || p.pieceCounter === 0) return { info: null, audits: [] };
  try {
    const piece = verifiedPiece(ctx.keys.pieceSealMac, p.meterId, p.pieceCounter, row);
    return { info: { pieceNumber: piece.pieceNumber, postage: piece.postage, at: piece.createdAt }, audits: [] };
  } catch {
    return { info: null, audits: [{ at, event: 'piece-refused', meterId: p.meterId, detail: { op, pieceNumber: row.pieceNumber } }] };
  }
}

export async function signIn(ctx: OpsContext, cmd: SignInCommand, p: PsdPackage, now: Date): Promise<TxOutcome> {
  const secret = openSecret(ctx, cmd);
  if (secret.clientNonce !== cmd.clientNonce) throw new ProtocolError('AUTH_FAILED', 'sealed: the client nonce does not match this request');
  if (p.state === 'withdrawn') return refuseWithdrawn(cmd, personNamed(p, cmd.username), secret);
  if (p.state !== 'operational' || p.passphraseHash === null) throw new ProtocolError('AUTH_FAILED', WRONG);
  const reset = withOperatorReset(ctx, cmd, personNamed(p, cmd.username), now);
  const person = reset.person;
  const audits: Audit[] = reset.audit === null ? [] : [reset.audit];
  const pkg = reset.audit === null ? p : withPerson(p, person);
  if (person.lockedUntil !== null && Date.parse(person.lockedUntil) > now.getTime()) {
    throw new ProtocolError('LOCKED_OUT', 'too many failed logins; try again later');
  }
  // A replayed (or late) sign-in counts as a failed one, before any passphrase is tried (SPEC v1.1).
  if (secret.loginNonce !== cmd.loginNonce) return failedPassphrase(ctx, cmd.op, pkg, person, now, 'login-replayed', STALE_LOGIN_NONCE, audits);
  if (!(await verifyPassphrase(secret.passphrase, person.passphraseHash))) {
    return failedPassphrase(ctx, cmd.op, pkg, person, now, 'login-failed', WRONG, audits);
  }
  const signedIn = withPerson(pkg, { ...person, failedLogins: 0, lockedUntil: null });
  if (cmd.op === 'transfer' && person.role !== 'admin') {
    return refusalWithChange(ctx, cmd.op, signedIn, 'AUTH_FAILED', 'only an admin of this account can move its meter to another computer', audits);
  }
  let next: PsdPackage = { ...actingAs(signedIn, person), challenge: randomChallenge() };
  let hmk: Buffer;
  if (secret.hmk !== undefined) {
    hmk = Buffer.from(secret.hmk, 'base64url');
    next = { ...next, hmk: wrapSecret(ctx.keys.psd, p.meterId, 'hmk', hmk) };
    audits.push({ at: now.toISOString(), event: 'meter-transferred', meterId: p.meterId, detail: { username: person.username } });
  } else {
    hmk = hmkOf(ctx, p);
  }
  const last = lastPieceOf(ctx, p, cmd.lastPiece, cmd.op, now.toISOString());
  audits.push(...last.audits);
  const body = {
    meterId: p.meterId,
    deviceId: p.deviceId,
    registers: registersOf(next),
    pieces: next.pieceCounter,
    lastPiece: last.info,
    challenge: next.challenge,
    clientNonce: cmd.clientNonce,
    // Extension (docs/protocol.md): the state an operator confirmed, which the client adopts.
    ...(p.resolution ? { resolution: p.resolution } : {}),
  };
  return success(ctx, cmd.op, hmk, next, body, { audits }, { type: cmd.op, amount: 0, value: null, pieceNumber: null });
}

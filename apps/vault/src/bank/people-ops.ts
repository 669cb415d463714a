/**
 * The MACed ops of an account's people (docs/protocol.md "Accounts with several users"): userAdd,
 * userRemove, userReset, passphraseChange, users, pieceLog. They run after SPEC §3.2's checks and the
 * person's permission (module-ops.ts startMaced); every refusal changes nothing but a counted wrong
 * passphrase in passphraseChange (and, like every refusal, leaves the challenge as it was).
 */
import {
  currentPassphraseSecretSchema,
  MAX_USERS,
  newPassphraseSecretSchema,
  newUserSecretSchema,
  ProtocolError,
  type OpName,
} from '@vbi/protocol';
import type { z } from 'zod';
import type { ModuleCommand } from './messages.ts';
import { openBankSealed, type MacedCommand, type MacedStart, type OpsContext, type TxOutcome } from './module-ops.ts';
import { isListed, peopleOf, personNamed, remembered, withPerson, type Person } from './package-users.ts';
import { hashPassphrase, verifyPassphrase } from './passphrase-hash.ts';
import type { PsdPackage } from './psd-package.ts';
import { failedPassphrase } from './sign-in.ts';

const PEOPLE_OPS = ['userAdd', 'userRemove', 'userReset', 'passphraseChange', 'users', 'pieceLog'] as const satisfies readonly OpName[];
export type PeopleOp = (typeof PEOPLE_OPS)[number];
type PeopleCommand = Extract<ModuleCommand, { op: PeopleOp }>;
type Cmd<K extends PeopleOp> = Extract<PeopleCommand, { op: K }>;

const PEOPLE_SET: ReadonlySet<string> = new Set(PEOPLE_OPS);
export function isPeopleOp(cmd: MacedCommand): cmd is PeopleCommand {
  return PEOPLE_SET.has(cmd.op);
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const noTx = (type: string): TxOutcome['tx'] => ({ type, amount: 0, value: null, pieceNumber: null });

/** Opens a sealed secret of this request: it must match `schema` and carry the request's clientNonce. */
function openOwnSecret<S extends z.ZodType<{ clientNonce: string }>>(ctx: OpsContext, sealed: string, schema: S, clientNonce: string, field: string, holds: string): z.infer<S> {
  const secret = schema.safeParse(openBankSealed(ctx, sealed));
  if (!secret.success) throw new ProtocolError('BAD_REQUEST', `${field}: does not hold ${holds}`);
  if (secret.data.clientNonce !== clientNonce) throw new ProtocolError('BAD_REQUEST', `${field}: the client nonce does not match this request`);
  return secret.data;
}

/** SPEC §3.3: a passphrase on the person's repetition list (their last 5) may not be chosen again. */
async function refuseRepeated(passphrase: string, person: Person, field: string): Promise<void> {
  const used = await Promise.all(person.repetitionList.map((hash) => verifyPassphrase(passphrase, hash)));
  if (used.includes(true)) throw new ProtocolError('BAD_REQUEST', `${field}: must not be one of the last 5 passphrases`);
}

/** The person `username` names on this account other than the owner, or NOT_FOUND. */
function otherPerson(p: PsdPackage, username: string, what: string): Person {
  const person = personNamed(p, username);
  if (person.owner) {
    if (p.owner !== undefined && same(p.owner, username)) throw new ProtocolError('BAD_REQUEST', `username: the account's owner cannot be ${what}`);
    throw new ProtocolError('NOT_FOUND', 'username: no such person on this account');
  }
  return person;
}

async function userAdd(ctx: OpsContext, cmd: Cmd<'userAdd'>, p: PsdPackage, s: MacedStart): Promise<TxOutcome> {
  const { username, role } = cmd.body;
  const { passphrase } = openOwnSecret(ctx, cmd.body.sealed, newUserSecretSchema, cmd.body.clientNonce, 'sealed', '{passphrase, clientNonce}');
  if (isListed(p, username)) throw new ProtocolError('ALREADY_EXISTS', 'this username is taken');
  if ((p.users?.length ?? 0) + 1 >= MAX_USERS) throw new ProtocolError('BAD_REQUEST', `an account has at most ${MAX_USERS} people`);
  const hash = await hashPassphrase(passphrase);
  const user = { username, role, passphraseHash: hash, repetitionList: [hash], failedLogins: 0, lockedUntil: null, mustChange: false, lastResetAt: null, addedAt: s.at };
  const next: PsdPackage = { ...s.rolled, users: [...(s.rolled.users ?? []), user] };
  const audit = { at: s.at, event: 'user-added', meterId: p.meterId, detail: { username, role, by: s.person.username } };
  return s.reply(next, { username, role }, { person: { added: { username, role } }, audits: [audit] }, noTx('userAdd'));
}

function userRemove(cmd: Cmd<'userRemove'>, p: PsdPackage, s: MacedStart): TxOutcome {
  const person = otherPerson(p, cmd.body.username, 'removed');
  if (same(person.username, s.person.username)) throw new ProtocolError('BAD_REQUEST', 'username: you cannot remove yourself');
  const next: PsdPackage = { ...s.rolled, users: (s.rolled.users ?? []).filter((u) => !same(u.username, person.username)) };
  const audit = { at: s.at, event: 'user-removed', meterId: p.meterId, detail: { username: person.username, by: s.person.username } };
  return s.reply(next, {}, { person: { removed: person.username }, audits: [audit] }, noTx('userRemove'));
}

/** An admin sets another person's passphrase (they forgot it): it must be changed at their next sign-in. */
async function userReset(ctx: OpsContext, cmd: Cmd<'userReset'>, p: PsdPackage, s: MacedStart): Promise<TxOutcome> {
  const person = otherPerson(p, cmd.body.username, 'reset here (the vault operator resets it)');
  if (same(person.username, s.person.username)) throw new ProtocolError('BAD_REQUEST', 'username: change your own passphrase with passphraseChange');
  const { passphrase } = openOwnSecret(ctx, cmd.body.sealed, newUserSecretSchema, cmd.body.clientNonce, 'sealed', '{passphrase, clientNonce}');
  await refuseRepeated(passphrase, person, 'sealed.passphrase');
  const hash = await hashPassphrase(passphrase);
  const next = withPerson(s.rolled, {
    ...person, passphraseHash: hash, repetitionList: remembered(person.repetitionList, hash), mustChange: true, failedLogins: 0, lockedUntil: null,
  });
  const audit = { at: s.at, event: 'user-reset', meterId: p.meterId, detail: { username: person.username, by: s.person.username } };
  return s.reply(next, {}, { audits: [audit] }, noTx('userReset'));
}

async function passphraseChange(ctx: OpsContext, cmd: Cmd<'passphraseChange'>, p: PsdPackage, s: MacedStart, now: Date): Promise<TxOutcome> {
  const nonce = cmd.body.clientNonce;
  const current = openOwnSecret(ctx, cmd.body.sealed, currentPassphraseSecretSchema, nonce, 'sealed', '{passphrase, clientNonce}');
  const chosen = openOwnSecret(ctx, cmd.body.sealedNew, newPassphraseSecretSchema, nonce, 'sealedNew', '{newPassphrase, clientNonce}');
  const me = s.person;
  if (!(await verifyPassphrase(current.passphrase, me.passphraseHash))) {
    return failedPassphrase(ctx, 'passphraseChange', p, me, now, 'passphrase-change-failed', 'the current passphrase is wrong');
  }
  await refuseRepeated(chosen.newPassphrase, me, 'sealedNew.newPassphrase');
  const hash = await hashPassphrase(chosen.newPassphrase);
  const next = withPerson(s.rolled, {
    ...me, passphraseHash: hash, repetitionList: remembered(me.repetitionList, hash), mustChange: false, failedLogins: 0, lockedUntil: null,
  });
  const audit = { at: s.at, event: 'passphrase-changed', meterId: p.meterId, detail: { username: me.username } };
  return s.reply(next, {}, { audits: [audit] }, noTx('passphraseChange'));
}

function users(cmd: Cmd<'users'>, p: PsdPackage, s: MacedStart): TxOutcome {
  const everyone = peopleOf(p, cmd.ownerUsername).map(({ username, role, owner }) => ({ username, role, owner }));
  const me = everyone.find((u) => same(u.username, s.person.username)) ?? everyone[0];
  const visible = s.person.role === 'admin' ? everyone : everyone.filter((u) => u === me);
  return s.reply(s.rolled, { me: { ...me, mustChangePassphrase: s.person.mustChange }, users: visible }, { audits: [] }, noTx('users'));
}

/** The account's pieces with who printed each (the vault's rows); a clerk sees only their own. */
function pieceLog(cmd: Cmd<'pieceLog'>, p: PsdPackage, s: MacedStart): TxOutcome {
  const wanted = cmd.body.username;
  if (s.person.role === 'clerk' && (wanted === undefined || !same(wanted, s.person.username))) {
    throw new ProtocolError('AUTH_FAILED', 'a clerk sees only the pieces they printed themselves');
  }
  const ownerName = p.owner ?? cmd.ownerUsername;
  const pieces = cmd.rows
    .map((r) => ({ ...r, username: r.username ?? ownerName }))
    .filter((r) => wanted === undefined || same(r.username, wanted))
    .slice(0, cmd.body.limit);
  return s.reply(s.rolled, { pieces }, { audits: [] }, noTx('pieceLog'));
}

export function peopleOp(ctx: OpsContext, cmd: PeopleCommand, p: PsdPackage, start: MacedStart, now: Date): Promise<TxOutcome> | TxOutcome {
  switch (cmd.op) {
    case 'userAdd':
      return userAdd(ctx, cmd, p, start);
    case 'userRemove':
      return userRemove(cmd, p, start);
    case 'userReset':
      return userReset(ctx, cmd, p, start);
    case 'passphraseChange':
      return passphraseChange(ctx, cmd, p, start, now);
    case 'users':
      return users(cmd, p, start);
    case 'pieceLog':
      return pieceLog(cmd, p, start);
  }
}

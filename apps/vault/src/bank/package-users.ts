/**
 * The people of an account inside its PSD package (docs/protocol.md "Accounts with several users").
 * SPEC §4.1 keeps one passphrase hash, repetition list and failed-login count per meter: those
 * top-level fields stay the owner's (so packages made before people existed read unchanged), and
 * every other person has the same fields in `users`. Only a module reads or writes them.
 */
import { ProtocolError, type OpName, type Role } from '@vbi/protocol';
import type { PsdPackage } from './psd-package.ts';

/** A person other than the owner, as the package keeps them. */
export interface PsdUser {
  username: string;
  role: Role;
  passphraseHash: string;
  /** The last 5 passphrase hashes, newest last (may not be reused). */
  repetitionList: string[];
  failedLogins: number;
  lockedUntil: string | null;
  /** Set by a reset (an admin's or the operator's): everything but a passphrase change is refused until then. */
  mustChange: boolean;
  /** When the operator's reset this person last used was issued (an older one is never applied again). */
  lastResetAt: string | null;
  addedAt: string;
}

/** The fields the package adds for people; all absent on a package made before them. */
export interface PackagePeople {
  /** The owner's username (written at register; learnt at the first sign-in for older packages). */
  owner?: string;
  ownerMustChange?: boolean;
  ownerLastResetAt?: string | null;
  users?: PsdUser[];
  /** Who signed in for the outstanding challenge; absent: the owner. Every MACed request acts as them. */
  actingUser?: string;
}

/** One person as the ops see them, the owner included. */
export interface Person extends Omit<PsdUser, 'addedAt'> {
  owner: boolean;
}

const REPETITION_LIST = 5;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function ownerOf(p: PsdPackage, ownerName: string): Person {
  return {
    username: p.owner ?? ownerName, role: 'admin', owner: true, passphraseHash: p.passphraseHash ?? '',
    repetitionList: p.repetitionList, failedLogins: p.failedLogins, lockedUntil: p.lockedUntil,
    mustChange: p.ownerMustChange ?? false, lastResetAt: p.ownerLastResetAt ?? null,
  };
}

/**
 * The person named `username` (any case): one of the package's people, else the owner. The vault's
 * username index chose this meter; a name it routes here that the package does not list can only
 * ever reach the owner's passphrase hash.
 */
export function personNamed(p: PsdPackage, username: string): Person {
  const user = p.users?.find((u) => same(u.username, username));
  if (user !== undefined) return { ...user, owner: false };
  return ownerOf(p, username);
}

/** The person the outstanding challenge was issued to; one no longer on the account must sign in again. */
export function actingPerson(p: PsdPackage): Person {
  if (p.actingUser === undefined) return ownerOf(p, '');
  const user = p.users?.find((u) => u.username === p.actingUser);
  if (user === undefined) throw new ProtocolError('AUTH_FAILED', 'sign in again: this person is no longer on the account');
  return { ...user, owner: false };
}

/** Everyone on the account, owner first. */
export function peopleOf(p: PsdPackage, ownerName: string): Person[] {
  return [ownerOf(p, ownerName), ...(p.users ?? []).map((u) => ({ ...u, owner: false }))];
}

export function isListed(p: PsdPackage, username: string): boolean {
  return (p.owner !== undefined && same(p.owner, username)) || (p.users ?? []).some((u) => same(u.username, username));
}

/** The package with `person`'s record replaced (the owner's in the top-level fields). */
export function withPerson(p: PsdPackage, person: Person): PsdPackage {
  if (person.owner) {
    return {
      ...p, owner: person.username, passphraseHash: person.passphraseHash, repetitionList: person.repetitionList,
      failedLogins: person.failedLogins, lockedUntil: person.lockedUntil, ownerMustChange: person.mustChange,
      ownerLastResetAt: person.lastResetAt,
    };
  }
  const { owner: _owner, ...record } = person;
  return { ...p, users: (p.users ?? []).map((u) => (same(u.username, person.username) ? { ...u, ...record } : u)) };
}

/** The sign-in that follows makes the challenge this person's. */
export function actingAs(p: PsdPackage, person: Person): PsdPackage {
  const { actingUser: _previous, ...rest } = p;
  return person.owner ? rest : { ...rest, actingUser: person.username };
}

/** A new hash on the repetition list (newest last, at most 5). */
export function remembered(list: readonly string[], hash: string): string[] {
  return [...list, hash].slice(-REPETITION_LIST);
}

/** Ops a clerk may not use: buying and refunding postage, and managing people. */
const ADMIN_OPS: ReadonlySet<OpName> = new Set<OpName>(['purchase', 'refund', 'userAdd', 'userRemove', 'userReset']);
/** What a person whose passphrase was reset may do before choosing a new one. */
const WHILE_MUST_CHANGE: ReadonlySet<OpName> = new Set<OpName>(['passphraseChange', 'users', 'logout']);

const CLERK_REFUSAL: Partial<Record<OpName, string>> = {
  purchase: 'a clerk cannot buy postage; ask an admin of this account',
  refund: 'a clerk cannot refund postage; ask an admin of this account',
};

/**
 * Refuses a MACed op the acting person may not use (AUTH_FAILED, changing nothing): a clerk's
 * buying, refunding and managing people; anything but a passphrase change after a reset.
 */
export function checkPermission(op: OpName, person: Person): void {
  if (person.mustChange && !WHILE_MUST_CHANGE.has(op)) {
    throw new ProtocolError('AUTH_FAILED', 'choose a new passphrase first: yours was reset');
  }
  if (person.role === 'clerk' && ADMIN_OPS.has(op)) {
    throw new ProtocolError('AUTH_FAILED', CLERK_REFUSAL[op] ?? 'only an admin of this account can manage its people');
  }
}

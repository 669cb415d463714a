/**
 * What the database keeps about an account's people (docs/vault.md "People on an account"): an index
 * from each username to its account (the package holds everything else, sealed), who printed each
 * piece, and the operator's pending passphrase resets. Both storages implement PeopleStorage.
 */
import type { PieceRow } from './storage.ts';

/** One username of the vault: an account's owner (`accounts.username`) or another person (`account_users`). */
export interface PersonRow {
  username: string;
  accountId: number;
  meterId: string;
  owner: boolean;
}

/** A piece as `pieceLog` lists it; `username` null: printed by the owner (no `piece_users` row). */
export type PieceLogDbRow = Omit<PieceRow, 'meterId'> & { username: string | null };

export interface PieceLogQuery {
  fromPiece: number;
  limit: number;
  /** Only this person's pieces; `ownerUsername` names the owner, whose pieces have no row. */
  username: string | null;
  ownerUsername: string;
}

/** The changes of a module batch to the people tables, committed with it (SPEC §4.4). */
export interface PeopleChanges {
  added: Array<{ meterId: string; username: string; role: string; createdAt: string }>;
  removed: Array<{ meterId: string; username: string }>;
  /** Pieces printed by someone other than the owner. */
  printedBy: Array<{ meterId: string; pieceNumber: number; username: string }>;
}

export interface PeopleStorage {
  /** Case-insensitive: the owner of an account or one of its other people. */
  personByUsername(username: string): Promise<PersonRow | undefined>;
  pieceLog(meterId: string, query: PieceLogQuery): Promise<PieceLogDbRow[]>;
  /** The operator's newest reset for this username (sealed by the bank), if any. */
  passphraseReset(username: string): Promise<{ meterId: string; sealed: Buffer } | undefined>;
  /** Keeps a reset (replacing an older one of the same username). */
  putPassphraseReset(username: string, meterId: string, sealed: Buffer, issuedAt: string): Promise<void>;
}

export function emptyPeopleChanges(): PeopleChanges {
  return { added: [], removed: [], printedBy: [] };
}

export function hasPeopleChanges(c: PeopleChanges | undefined): c is PeopleChanges {
  return c !== undefined && c.added.length + c.removed.length + c.printedBy.length > 0;
}

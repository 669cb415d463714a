/** The people tables on SQLite (migration 5; storage/people-rows.ts). */
import type Database from 'better-sqlite3';
import type { PeopleChanges, PeopleStorage, PersonRow, PieceLogDbRow } from '../people-rows.ts';

type SyncPeople = { [K in keyof PeopleStorage]: PeopleStorage[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never };

export function sqlitePeople(db: Database.Database): { calls: SyncPeople; commit: (c: PeopleChanges) => void } {
  const q = {
    owner: db.prepare(
      `SELECT a.username, a.id AS accountId, m.id AS meterId, 1 AS owner FROM accounts a JOIN meters m ON m.account_id = a.id
       WHERE a.username = ? COLLATE NOCASE`,
    ),
    other: db.prepare(
      `SELECT u.username, u.account_id AS accountId, m.id AS meterId, 0 AS owner FROM account_users u JOIN meters m ON m.account_id = u.account_id
       WHERE u.username = ?`,
    ),
    pieceLog: db.prepare(
      `SELECT p.piece_number AS pieceNumber, p.postage, p.indicium, p.mail_date AS mailDate, p.created_at AS createdAt, p.refunded,
         u.username FROM pieces p LEFT JOIN piece_users u ON u.meter_id = p.meter_id AND u.piece_number = p.piece_number
       WHERE p.meter_id = @meterId AND p.piece_number >= @fromPiece
         AND (@username IS NULL OR coalesce(u.username, @ownerUsername) = @username COLLATE NOCASE)
       ORDER BY p.piece_number LIMIT @limit`,
    ),
    reset: db.prepare('SELECT meter_id AS meterId, reset AS sealed FROM passphrase_resets WHERE username = ?'),
    putReset: db.prepare(
      `INSERT INTO passphrase_resets (username, meter_id, reset, issued_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (username) DO UPDATE SET meter_id = excluded.meter_id, reset = excluded.reset, issued_at = excluded.issued_at`,
    ),
    addUser: db.prepare(
      `INSERT INTO account_users (username, account_id, role, created_at)
       SELECT ?, account_id, ?, ? FROM meters WHERE id = ? AND account_id IS NOT NULL`,
    ),
    removeUser: db.prepare(
      'DELETE FROM account_users WHERE username = ? AND account_id = (SELECT account_id FROM meters WHERE id = ?)',
    ),
    printedBy: db.prepare('INSERT INTO piece_users (meter_id, piece_number, username) VALUES (?, ?, ?)'),
  };
  const person = (row: (Omit<PersonRow, 'owner'> & { owner: number }) | undefined): PersonRow | undefined =>
    row && { ...row, owner: row.owner === 1 };
  return {
    calls: {
      personByUsername: (username) => person((q.owner.get(username) ?? q.other.get(username)) as never),
      pieceLog: (meterId, query) =>
        (q.pieceLog.all({ meterId, ...query }) as Array<Omit<PieceLogDbRow, 'refunded'> & { refunded: number }>)
          .map((r) => ({ ...r, refunded: r.refunded === 1 })),
      passphraseReset: (username) => q.reset.get(username) as { meterId: string; sealed: Buffer } | undefined,
      putPassphraseReset: (username, meterId, sealed, issuedAt) => {
        q.putReset.run(username, meterId, sealed, issuedAt);
      },
    },
    commit(c) {
      for (const a of c.added) {
        if (q.addUser.run(a.username, a.role, a.createdAt, a.meterId).changes !== 1) throw new Error('person added to a meter with no account');
      }
      for (const r of c.removed) q.removeUser.run(r.username, r.meterId);
      for (const p of c.printedBy) q.printedBy.run(p.meterId, p.pieceNumber, p.username);
    },
  };
}

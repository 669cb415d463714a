/** The people tables on PostgreSQL (migration 2; storage/people-rows.ts): reads, and the rows of a group commit. */
import type { BatchCommit } from '../storage.ts';
import type { PeopleStorage, PersonRow, PieceLogDbRow } from '../people-rows.ts';
import type { Sql } from './pg-client.ts';


export function pgPeople(sql: Sql): PeopleStorage {
  return {
    async personByUsername(username) {
      const [row] = await sql`
        SELECT a.username, a.id AS "accountId", m.id AS "meterId", true AS owner FROM accounts a JOIN meters m ON m.account_id = a.id
          WHERE lower(a.username) = lower(${username})
        UNION ALL
        SELECT u.username, u.account_id AS "accountId", m.id AS "meterId", false AS owner FROM account_users u JOIN meters m ON m.account_id = u.account_id
          WHERE lower(u.username) = lower(${username})
        LIMIT 1`;
      return row as PersonRow | undefined;
    },
    async pieceLog(meterId, q) {
      const rows = await sql`SELECT p.piece_number AS "pieceNumber", p.postage, p.indicium, p.mail_date AS "mailDate",
          p.created_at AS "createdAt", p.refunded, u.username
        FROM pieces p LEFT JOIN piece_users u ON u.meter_id = p.meter_id AND u.piece_number = p.piece_number
        WHERE p.meter_id = ${meterId} AND p.piece_number >= ${q.fromPiece}
          AND (${q.username}::text IS NULL OR lower(coalesce(u.username, ${q.ownerUsername})) = lower(${q.username}::text))
        ORDER BY p.piece_number LIMIT ${q.limit}`;
      return [...rows] as unknown as PieceLogDbRow[];
    },
    async passphraseReset(username) {
      const [row] = await sql`SELECT meter_id AS "meterId", reset AS sealed FROM passphrase_resets WHERE username_key = lower(${username})`;
      return row as { meterId: string; sealed: Buffer } | undefined;
    },
    async putPassphraseReset(username, meterId, sealed, issuedAt) {
      await sql`INSERT INTO passphrase_resets (username_key, meter_id, reset, issued_at) VALUES (lower(${username}), ${meterId}, ${sealed}, ${issuedAt})
        ON CONFLICT (username_key) DO UPDATE SET meter_id = excluded.meter_id, reset = excluded.reset, issued_at = excluded.issued_at`;
    },
  };
}

/** Queues one statement of the commit pipeline; `expect` wraps a change the server checks touches `expected` rows. */
export interface CommitQueue {
  send: (statement: Promise<unknown>) => void;
  expect: (what: string, expected: number, change: ReturnType<Sql>) => Promise<unknown>;
}

/**
 * The people rows of a group commit, queued after its pieces (piece_users refers to them). Checks
 * run in the server, so a failing one rolls back the COMMIT already queued behind it.
 */
export function writePeopleRows(tx: Sql, batches: BatchCommit[], q: CommitQueue): void {
  for (const b of batches) {
    if (b.people === undefined) continue;
    for (const a of b.people.added) {
      q.send(q.expect('person added to a meter with no account', 1, tx`INSERT INTO account_users (username, account_id, role, created_at)
        SELECT ${a.username}, account_id, ${a.role}, ${a.createdAt} FROM meters WHERE id = ${a.meterId} AND account_id IS NOT NULL`));
    }
    for (const r of b.people.removed) {
      q.send(tx`DELETE FROM account_users WHERE lower(username) = lower(${r.username})
        AND account_id = (SELECT account_id FROM meters WHERE id = ${r.meterId})`);
    }
    for (const p of b.people.printedBy) {
      q.send(tx`INSERT INTO piece_users (meter_id, piece_number, username) VALUES (${p.meterId}, ${p.pieceNumber}, ${p.username})`);
    }
  }
}

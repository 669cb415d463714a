/**
 * The single-row changes of the dba part, one per kind, each with the transaction that would turn
 * it into value (when there is one) and the refusal that transaction must get. A change with no
 * transaction to profit from (a deleted row, an audit entry) must be reported by verify-log.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { ErrorCode } from '@vbi/protocol';
import type { Answer } from '../../src/testing/meter-client.ts';
import { printBody, type Scene } from './scene.ts';

type Row = Record<string, unknown>;

export interface Attack {
  table: 'pieces' | 'credits' | 'accounts' | 'packages' | 'tx_log' | 'audit_log';
  name: string;
  /** Makes the change and returns what puts the row(s) back. */
  apply(s: Scene): () => void;
  /** The transaction that would profit, and the refusal it must get. */
  exploit?: { run(s: Scene): Promise<Answer>; refusal: ErrorCode };
}

const get = (s: Scene, sql: string, ...args: unknown[]) => s.db.prepare(sql).get(...args) as Row;
const run = (s: Scene, sql: string, ...args: unknown[]) => s.db.prepare(sql).run(...args);

function putBack(s: Scene, table: string, row: Row): void {
  const cols = Object.keys(row);
  run(s, `INSERT OR REPLACE INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, ...Object.values(row));
}

/** Each table's key: a changed row is found by it, wherever the change moved it. */
const KEYS: Record<string, string[]> = {
  pieces: ['meter_id', 'piece_number'], credits: ['account', 'seq'], accounts: ['id'], packages: ['meter_id'], tx_log: ['id'], audit_log: ['id'],
};

function deleteByKey(s: Scene, table: string, row: Row): void {
  const key = KEYS[table] as string[];
  run(s, `DELETE FROM ${table} WHERE ${key.map((k) => `${k} = ?`).join(' AND ')}`, ...key.map((k) => row[k]));
}

/** Replaces one row by `edit(row)`; the undo removes the changed row and puts the original back. `where` must name exactly one row. */
function editRow(table: string, where: string, args: unknown[], edit: (r: Row) => Row): (s: Scene) => () => void {
  return (s) => {
    const original = get(s, `SELECT * FROM ${table} WHERE ${where}`, ...args);
    if (original === undefined) throw new Error(`no ${table} row where ${where}`);
    const changed = edit({ ...original });
    deleteByKey(s, table, original);
    putBack(s, table, changed);
    return () => {
      deleteByKey(s, table, changed);
      putBack(s, table, original);
    };
  };
}

const mallory = (s: Scene) => s.mallory.meterId;
const piece = (n: number) => (s: Scene): [string, unknown[]] => ['meter_id = ? AND piece_number = ?', [mallory(s), n]];
const onPiece = (n: number, edit: (r: Row) => Row) => (s: Scene) => {
  const [where, args] = piece(n)(s);
  return editRow('pieces', where, args, edit)(s);
};
const refund = (n: number) => ({ run: (s: Scene) => s.mallory.maced('refund', { pieceNumber: n }), refusal: 'NOT_FOUND' as ErrorCode });
const buy = (amount: number) => ({ run: (s: Scene) => s.mallory.maced('purchase', { amount }), refusal: 'INSUFFICIENT_FUNDS' as ErrorCode });
const printAgain = { run: (s: Scene) => s.mallory.maced('indicium', printBody(400)), refusal: 'METER_NOT_OPERATIONAL' as ErrorCode };

/** Inserts a row and returns its removal. */
const insert = (table: string, make: (s: Scene) => Row, key: (r: Row) => [string, unknown[]]) => (s: Scene) => {
  const row = make(s);
  putBack(s, table, row);
  const [where, args] = key(row);
  return () => void run(s, `DELETE FROM ${table} WHERE ${where}`, ...args);
};

const newestEntry = (s: Scene) => get(s, 'SELECT * FROM tx_log WHERE meter_id = ? ORDER BY id DESC LIMIT 1', mallory(s));

export const ATTACKS: Attack[] = [
  // pieces: what a refund or a re-print reads
  { table: 'pieces', name: 'postage raised', apply: onPiece(3, (r) => ({ ...r, postage: 300_000 })), exploit: refund(3) },
  { table: 'pieces', name: 'printing time moved', apply: onPiece(3, (r) => ({ ...r, created_at: new Date(Date.now() + 60_000).toISOString() })), exploit: refund(3) },
  { table: 'pieces', name: 'refunded flag cleared', apply: onPiece(1, (r) => ({ ...r, refunded: 0 })), exploit: { ...refund(1), refusal: 'NOT_REFUNDABLE' } },
  {
    table: 'pieces', name: 'older copy of the row (before its refund)',
    apply: (s) => onPiece(1, () => s.copy.prepare('SELECT * FROM pieces WHERE meter_id = ? AND piece_number = 1').get(mallory(s)) as Row)(s),
    exploit: { ...refund(1), refusal: 'NOT_REFUNDABLE' },
  },
  {
    table: 'pieces', name: "another meter's piece moved in",
    apply: (s) => {
      const [where, args] = ['meter_id = ? AND piece_number = 3', [s.victim.meterId]];
      return editRow('pieces', where, args, (r) => ({ ...r, meter_id: mallory(s), piece_number: 9 }))(s);
    },
    exploit: refund(9),
  },
  { table: 'pieces', name: 'renumbered', apply: onPiece(3, (r) => ({ ...r, piece_number: 8 })), exploit: refund(8) },
  {
    table: 'pieces', name: 'invented row inserted',
    apply: insert('pieces', (s) => ({
      meter_id: mallory(s), piece_number: 7, postage: 99_999, indicium: randomBytes(113), mail_date: new Date().toISOString().slice(0, 10),
      created_at: new Date().toISOString(), refunded: 0, seal: randomBytes(32).toString('base64url'),
    }), (r) => ['meter_id = ? AND piece_number = ?', [r.meter_id, r.piece_number]]),
    exploit: refund(7),
  },
  { table: 'pieces', name: 'row deleted', apply: (s) => {
    const [where, args] = piece(2)(s);
    const row = get(s, `SELECT * FROM pieces WHERE ${where}`, ...args);
    run(s, `DELETE FROM pieces WHERE ${where}`, ...args);
    return () => putBack(s, 'pieces', row);
  }, exploit: refund(2) },
  { table: 'pieces', name: 'refunded flag set', apply: onPiece(2, (r) => ({ ...r, refunded: 1 })) },

  // credits: where funds come from
  { table: 'credits', name: 'amount raised (an entry not yet counted)', apply: (s) => editRow('credits', 'account = ? AND seq = 2', ['dba.mallory'], (r) => ({ ...r, amount: 1_000_000 }))(s), exploit: buy(50_000) },
  { table: 'credits', name: 'amount raised (an entry counted)', apply: (s) => editRow('credits', 'account = ? AND seq = 1', ['dba.mallory'], (r) => ({ ...r, amount: 1_000_000 }))(s), exploit: buy(50_000) },
  {
    table: 'credits', name: 'invented entry inserted',
    apply: insert('credits', () => ({
      account: 'dba.mallory', seq: 3, amount: 500_000, kind: 'operator', made_by: 'ops', reason: 'invoice', at: new Date().toISOString(),
      prev_hash: randomBytes(32).toString('base64url'), hash: randomBytes(32).toString('base64url'), mac: randomBytes(32).toString('base64url'),
    }), (r) => ['account = ? AND seq = ?', [r.account, r.seq]]),
    exploit: buy(50_000),
  },
  {
    table: 'credits', name: "another account's entry copied in",
    apply: insert('credits', (s) => ({ ...get(s, "SELECT * FROM credits WHERE account = 'dba.victim' AND seq = 1"), id: null, account: 'dba.mallory', seq: 3 }),
      (r) => ['account = ? AND seq = ?', [r.account, r.seq]]),
    exploit: buy(50_000),
  },
  { table: 'credits', name: 'entry deleted', apply: (s) => {
    const row = get(s, "SELECT * FROM credits WHERE account = 'dba.mallory' AND seq = 1");
    run(s, "DELETE FROM credits WHERE account = 'dba.mallory' AND seq = 1");
    return () => putBack(s, 'credits', row);
  } },

  // accounts: which credits a purchase reads
  { table: 'accounts', name: 'credits hint moved past the chain', apply: (s) => editRow('accounts', 'username = ?', ['dba.mallory'], (r) => ({ ...r, credits_seen: 99 }))(s), exploit: buy(10_500) },
  {
    table: 'accounts', name: "renamed to the victim's name (two rows)",
    apply: (s) => {
      // …with the hint at 0, so a purchase reads the victim's credits.
      const seen = get(s, "SELECT credits_seen FROM accounts WHERE username = 'dba.mallory'").credits_seen;
      run(s, "UPDATE accounts SET username = 'dba.victim.x' WHERE username = 'dba.victim'");
      run(s, "UPDATE accounts SET username = 'dba.victim', credits_seen = 0 WHERE username = 'dba.mallory'");
      return () => {
        run(s, "UPDATE accounts SET username = 'dba.mallory', credits_seen = ? WHERE username = 'dba.victim'", seen);
        run(s, "UPDATE accounts SET username = 'dba.victim' WHERE username = 'dba.victim.x'");
      };
    },
    exploit: buy(50_000),
  },

  // packages: the meter's registers
  {
    table: 'packages', name: 'own older package (earlier copy)',
    apply: (s) => editRow('packages', 'meter_id = ?', [mallory(s)], (r) => ({ ...r, package: s.copy.prepare('SELECT package FROM packages WHERE meter_id = ?').pluck().get(mallory(s)) }))(s),
    exploit: {
      // With the registers and challenge that older package holds, the 400 would be printed a second time.
      async run(s) {
        const now = { challenge: s.mallory.challenge, registers: s.mallory.registers };
        Object.assign(s.mallory, s.atCopy);
        try {
          return await s.mallory.maced('indicium', printBody(400));
        } finally {
          Object.assign(s.mallory, now);
        }
      },
      refusal: 'METER_NOT_OPERATIONAL',
    },
  },
  { table: 'packages', name: "the victim's package", apply: (s) => editRow('packages', 'meter_id = ?', [mallory(s)], (r) => ({ ...r, package: get(s, 'SELECT package FROM packages WHERE meter_id = ?', s.victim.meterId).package }))(s), exploit: printAgain },
  {
    table: 'packages', name: 'a byte flipped',
    apply: (s) => editRow('packages', 'meter_id = ?', [mallory(s)], (r) => {
      const b = Buffer.from(r.package as Buffer);
      const i = randomInt(b.length);
      b[i] = (b[i] as number) ^ (1 << randomInt(8));
      return { ...r, package: b };
    })(s),
    exploit: printAgain,
  },

  // tx_log: what the package must agree with
  { table: 'tx_log', name: "meter's newest entry: registers raised", apply: (s) => editRow('tx_log', 'id = ?', [newestEntry(s).id], (r) => ({ ...r, dr: (r.dr as number) + 100_000 }))(s), exploit: printAgain },
  { table: 'tx_log', name: "meter's newest entry deleted", apply: (s) => {
    const row = newestEntry(s);
    run(s, 'DELETE FROM tx_log WHERE id = ?', row.id);
    return () => putBack(s, 'tx_log', row);
  }, exploit: printAgain },
  {
    table: 'tx_log', name: 'invented entry appended',
    apply: insert('tx_log', (s) => ({ ...newestEntry(s), id: (get(s, 'SELECT max(id) AS id FROM tx_log').id as number) + 1, dr: 999_999, hash: randomBytes(32).toString('base64url') }),
      (r) => ['id = ?', [r.id]]),
    exploit: printAgain,
  },
  { table: 'tx_log', name: 'an older entry edited', apply: (s) => editRow('tx_log', 'id = 1', [], (r) => ({ ...r, amount: (r.amount as number) + 1 }))(s) },

  // audit_log: the record of what happened
  { table: 'audit_log', name: 'entry edited', apply: (s) => editRow('audit_log', 'id = 1', [], (r) => ({ ...r, event: 'inspection' }))(s) },
  { table: 'audit_log', name: 'entry deleted', apply: (s) => {
    const row = get(s, 'SELECT * FROM audit_log WHERE id = 1');
    run(s, 'DELETE FROM audit_log WHERE id = 1');
    return () => putBack(s, 'audit_log', row);
  } },
  {
    table: 'audit_log', name: 'invented entry inserted',
    apply: insert('audit_log', (s) => ({ ...get(s, 'SELECT * FROM audit_log ORDER BY id DESC LIMIT 1'), id: (get(s, 'SELECT max(id) AS id FROM audit_log').id as number) + 1, event: 'recovered' }),
      (r) => ['id = ?', [r.id]]),
  },
];

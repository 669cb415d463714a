/**
 * The single-row changes of the dba part, one per kind, each with the transaction that would turn
 * it into value (when there is one) and the refusal that transaction must get. A change with no
 * transaction to profit from (a deleted row, an audit entry) must be reported by verify-log.
 * The same SQL on both engines (db-access.ts).
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { ErrorCode } from '@vbi/protocol';
import type { Answer } from '../../src/testing/meter-client.ts';
import type { Row } from '../db-access.ts';
import { printBody, type Scene } from './scene.ts';

type Undo = () => Promise<void>;

export interface Attack {
  table: 'pieces' | 'credits' | 'accounts' | 'packages' | 'tx_log' | 'audit_log';
  name: string;
  /** Makes the change and returns what puts the row(s) back. */
  apply(s: Scene): Promise<Undo>;
  /** The transaction that would profit, and the refusal it must get. */
  exploit?: { run(s: Scene): Promise<Answer>; refusal: ErrorCode };
}

async function get(s: Scene, sql: string, ...args: unknown[]): Promise<Row> {
  const row = await s.db.get(sql, ...args);
  if (row === undefined) throw new Error(`no row: ${sql}`);
  return row;
}
const run = (s: Scene, sql: string, ...args: unknown[]) => s.db.run(sql, ...args);
const nextId = async (s: Scene, table: string) => Number((await get(s, `SELECT coalesce(max(id), 0) AS id FROM ${table}`)).id) + 1;

function putBack(s: Scene, table: string, row: Row): Promise<void> {
  const cols = Object.keys(row);
  return run(s, `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, ...Object.values(row));
}

/** Each table's key: a changed row is found by it, wherever the change moved it. */
const KEYS: Record<string, string[]> = {
  pieces: ['meter_id', 'piece_number'], credits: ['account', 'seq'], accounts: ['id'], packages: ['meter_id'], tx_log: ['id'], audit_log: ['id'],
};

function deleteByKey(s: Scene, table: string, row: Row): Promise<void> {
  const key = KEYS[table] as string[];
  return run(s, `DELETE FROM ${table} WHERE ${key.map((k) => `${k} = ?`).join(' AND ')}`, ...key.map((k) => row[k]));
}

/** Replaces one row by `edit(row)`; the undo removes the changed row and puts the original back. `where` must name exactly one row. */
function editRow(table: string, where: string, args: unknown[], edit: (r: Row) => Row | Promise<Row>): (s: Scene) => Promise<Undo> {
  return async (s) => {
    const original = await get(s, `SELECT * FROM ${table} WHERE ${where}`, ...args);
    const changed = await edit({ ...original });
    await deleteByKey(s, table, original);
    await putBack(s, table, changed);
    return async () => {
      await deleteByKey(s, table, changed);
      await putBack(s, table, original);
    };
  };
}

const mallory = (s: Scene) => s.mallory.meterId;
const piece = (n: number) => (s: Scene): [string, unknown[]] => ['meter_id = ? AND piece_number = ?', [mallory(s), n]];
const onPiece = (n: number, edit: (r: Row) => Row | Promise<Row>) => (s: Scene) => {
  const [where, args] = piece(n)(s);
  return editRow('pieces', where, args, edit)(s);
};
const refund = (n: number) => ({ run: (s: Scene) => s.mallory.maced('refund', { pieceNumber: n }), refusal: 'NOT_FOUND' as ErrorCode });
const buy = (amount: number) => ({ run: (s: Scene) => s.mallory.maced('purchase', { amount }), refusal: 'INSUFFICIENT_FUNDS' as ErrorCode });
const printAgain = { run: (s: Scene) => s.mallory.maced('indicium', printBody(400)), refusal: 'METER_NOT_OPERATIONAL' as ErrorCode };

/** Inserts a row and returns its removal. */
const insert = (table: string, make: (s: Scene) => Promise<Row>, key: (r: Row) => [string, unknown[]]) => async (s: Scene): Promise<Undo> => {
  const row = await make(s);
  await putBack(s, table, row);
  const [where, args] = key(row);
  return () => run(s, `DELETE FROM ${table} WHERE ${where}`, ...args);
};

/** Deletes the row `where` names and returns its putting back. */
const remove = (table: string, where: (s: Scene) => Promise<[string, unknown[]]> | [string, unknown[]]) => async (s: Scene): Promise<Undo> => {
  const [w, args] = await where(s);
  const row = await get(s, `SELECT * FROM ${table} WHERE ${w}`, ...args);
  await run(s, `DELETE FROM ${table} WHERE ${w}`, ...args);
  return () => putBack(s, table, row);
};

const newestEntry = (s: Scene) => get(s, 'SELECT * FROM tx_log WHERE meter_id = ? ORDER BY id DESC LIMIT 1', mallory(s));

export const ATTACKS: Attack[] = [
  // pieces: what a refund or a re-print reads
  { table: 'pieces', name: 'postage raised', apply: onPiece(3, (r) => ({ ...r, postage: 300_000 })), exploit: refund(3) },
  { table: 'pieces', name: 'printing time moved', apply: onPiece(3, (r) => ({ ...r, created_at: new Date(Date.now() + 60_000).toISOString() })), exploit: refund(3) },
  { table: 'pieces', name: 'refunded flag cleared', apply: onPiece(1, (r) => ({ ...r, refunded: false })), exploit: { ...refund(1), refusal: 'NOT_REFUNDABLE' } },
  {
    table: 'pieces', name: 'older copy of the row (before its refund)',
    apply: (s) => onPiece(1, async () => (await s.copy.get('SELECT * FROM pieces WHERE meter_id = ? AND piece_number = 1', mallory(s))) as Row)(s),
    exploit: { ...refund(1), refusal: 'NOT_REFUNDABLE' },
  },
  {
    table: 'pieces', name: "another meter's piece moved in",
    apply: (s) => editRow('pieces', 'meter_id = ? AND piece_number = 3', [s.victim.meterId], (r) => ({ ...r, meter_id: mallory(s), piece_number: 9 }))(s),
    exploit: refund(9),
  },
  { table: 'pieces', name: 'renumbered', apply: onPiece(3, (r) => ({ ...r, piece_number: 8 })), exploit: refund(8) },
  {
    table: 'pieces', name: 'invented row inserted',
    apply: insert('pieces', async (s) => ({
      meter_id: mallory(s), piece_number: 7, postage: 99_999, indicium: randomBytes(113), mail_date: new Date().toISOString().slice(0, 10),
      created_at: new Date().toISOString(), refunded: false, seal: randomBytes(32).toString('base64url'),
    }), (r) => ['meter_id = ? AND piece_number = ?', [r.meter_id, r.piece_number]]),
    exploit: refund(7),
  },
  { table: 'pieces', name: 'row deleted', apply: remove('pieces', (s) => piece(2)(s)), exploit: refund(2) },
  { table: 'pieces', name: 'refunded flag set', apply: onPiece(2, (r) => ({ ...r, refunded: true })) },

  // credits: where funds come from
  { table: 'credits', name: 'amount raised (an entry not yet counted)', apply: editRow('credits', 'account = ? AND seq = 2', ['dba.mallory'], (r) => ({ ...r, amount: 1_000_000 })), exploit: buy(50_000) },
  { table: 'credits', name: 'amount raised (an entry counted)', apply: editRow('credits', 'account = ? AND seq = 1', ['dba.mallory'], (r) => ({ ...r, amount: 1_000_000 })), exploit: buy(50_000) },
  {
    table: 'credits', name: 'invented entry inserted',
    apply: insert('credits', async (s) => ({
      id: await nextId(s, 'credits'), account: 'dba.mallory', seq: 3, amount: 500_000, kind: 'operator', made_by: 'ops', reason: 'invoice',
      at: new Date().toISOString(), prev_hash: randomBytes(32).toString('base64url'), hash: randomBytes(32).toString('base64url'),
      mac: randomBytes(32).toString('base64url'),
    }), (r) => ['account = ? AND seq = ?', [r.account, r.seq]]),
    exploit: buy(50_000),
  },
  {
    table: 'credits', name: "another account's entry copied in",
    apply: insert('credits', async (s) => ({
      ...await get(s, "SELECT * FROM credits WHERE account = 'dba.victim' AND seq = 1"), id: await nextId(s, 'credits'), account: 'dba.mallory', seq: 3,
    }), (r) => ['account = ? AND seq = ?', [r.account, r.seq]]),
    exploit: buy(50_000),
  },
  { table: 'credits', name: 'entry deleted', apply: remove('credits', () => ["account = 'dba.mallory' AND seq = 1", []]) },

  // accounts: which credits a purchase reads
  { table: 'accounts', name: 'credits hint moved past the chain', apply: editRow('accounts', 'username = ?', ['dba.mallory'], (r) => ({ ...r, credits_seen: 99 })), exploit: buy(10_500) },
  {
    table: 'accounts', name: "renamed to the victim's name (two rows)",
    apply: async (s) => {
      // …with the hint at 0, so a purchase reads the victim's credits.
      const seen = (await get(s, "SELECT credits_seen FROM accounts WHERE username = 'dba.mallory'")).credits_seen;
      await run(s, "UPDATE accounts SET username = 'dba.victim.x' WHERE username = 'dba.victim'");
      await run(s, "UPDATE accounts SET username = 'dba.victim', credits_seen = 0 WHERE username = 'dba.mallory'");
      return async () => {
        await run(s, "UPDATE accounts SET username = 'dba.mallory', credits_seen = ? WHERE username = 'dba.victim'", seen);
        await run(s, "UPDATE accounts SET username = 'dba.victim' WHERE username = 'dba.victim.x'");
      };
    },
    exploit: buy(50_000),
  },

  // packages: the meter's registers
  {
    table: 'packages', name: 'own older package (earlier copy)',
    apply: (s) => editRow('packages', 'meter_id = ?', [mallory(s)], async (r) => ({ ...r, package: (await s.copy.get('SELECT package FROM packages WHERE meter_id = ?', mallory(s)))?.package }))(s),
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
  {
    table: 'packages', name: "the victim's package",
    apply: (s) => editRow('packages', 'meter_id = ?', [mallory(s)], async (r) => ({ ...r, package: (await get(s, 'SELECT package FROM packages WHERE meter_id = ?', s.victim.meterId)).package }))(s),
    exploit: printAgain,
  },
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
  { table: 'tx_log', name: "meter's newest entry: registers raised", apply: async (s) => editRow('tx_log', 'id = ?', [(await newestEntry(s)).id], (r) => ({ ...r, dr: (r.dr as number) + 100_000 }))(s), exploit: printAgain },
  { table: 'tx_log', name: "meter's newest entry deleted", apply: remove('tx_log', async (s) => ['id = ?', [(await newestEntry(s)).id]]), exploit: printAgain },
  {
    table: 'tx_log', name: 'invented entry appended',
    apply: insert('tx_log', async (s) => ({ ...await newestEntry(s), id: await nextId(s, 'tx_log'), dr: 999_999, hash: randomBytes(32).toString('base64url') }),
      (r) => ['id = ?', [r.id]]),
    exploit: printAgain,
  },
  { table: 'tx_log', name: 'an older entry edited', apply: editRow('tx_log', 'id = 1', [], (r) => ({ ...r, amount: (r.amount as number) + 1 })) },

  // audit_log: the record of what happened
  { table: 'audit_log', name: 'entry edited', apply: editRow('audit_log', 'id = 1', [], (r) => ({ ...r, event: 'inspection' })) },
  { table: 'audit_log', name: 'entry deleted', apply: remove('audit_log', () => ['id = 1', []]) },
  {
    table: 'audit_log', name: 'invented entry inserted',
    apply: insert('audit_log', async (s) => ({ ...await get(s, 'SELECT * FROM audit_log ORDER BY id DESC LIMIT 1'), id: await nextId(s, 'audit_log'), event: 'recovered' }),
      (r) => ['id = ?', [r.id]]),
  },
];

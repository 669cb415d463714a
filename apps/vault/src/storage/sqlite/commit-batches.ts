/**
 * One group of module batches in ONE SQLite transaction (SPEC §4.4): accounts, packages, the
 * credit hints and new credit entries, pieces, refunds, inspections, re-keyed certificates, the
 * people of accounts, log entries with their commit links, audit entries with their chained MACs, the checkpoint and the module-table row.
 */
import type Database from 'better-sqlite3';
import type { LogLinker } from '../../ledger/chain.ts';
import type { PeopleChanges } from '../people-rows.ts';
import type { BatchCommit } from '../storage.ts';
import type { AuditWriter } from './audit-writer.ts';

export function batchCommitter(
  db: Database.Database, audits: AuditWriter, people: (changes: PeopleChanges) => void,
): (batches: BatchCommit[], linker: LogLinker) => void {
  const q = {
    insertAccount: db.prepare('INSERT INTO accounts (username, created_at) VALUES (?, ?) RETURNING id').pluck(),
    assignMeter: db.prepare('UPDATE meters SET account_id = ? WHERE id = ? AND account_id IS NULL'),
    updatePackage: db.prepare('UPDATE packages SET package = ? WHERE meter_id = ?'),
    updateState: db.prepare('UPDATE meters SET state = ? WHERE id = ?'),
    creditsSeen: db.prepare('UPDATE accounts SET credits_seen = ? WHERE id = (SELECT account_id FROM meters WHERE id = ?)'),
    insertCredit: db.prepare(`INSERT INTO credits (account, seq, amount, kind, made_by, reason, at, prev_hash, hash, mac)
      VALUES (@account, @seq, @amount, @kind, @by, @reason, @at, @prevHash, @hash, @mac)`),
    insertPiece: db.prepare(
      `INSERT INTO pieces (meter_id, piece_number, postage, indicium, mail_date, created_at, refunded, seal)
       VALUES (?, ?, ?, ?, ?, ?, 0, ?)`,
    ),
    refund: db.prepare('UPDATE pieces SET refunded = 1 WHERE meter_id = ? AND piece_number = ? AND refunded = 0'),
    inspection: db.prepare('UPDATE meters SET last_audit_at = ? WHERE id = ?'),
    retireCert: db.prepare('INSERT INTO retired_certificates (cert_serial, meter_id, certificate, retired_at) SELECT cert_serial, id, certificate, ? FROM meters WHERE id = ?'),
    newCert: db.prepare('UPDATE meters SET cert_serial = ?, certificate = ? WHERE id = ?'),
    insertLog: db.prepare(
      `INSERT INTO tx_log (module_serial, seq, meter_id, type, amount, ar, dr, piece_number, at, prev_hash, hash, mac, link)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    lastLink: db.prepare('SELECT link FROM tx_log ORDER BY id DESC LIMIT 1').pluck(),
    upsertCheckpoint: db.prepare(
      `INSERT INTO checkpoints (module_serial, record, mac) VALUES (?, ?, ?)
       ON CONFLICT (module_serial) DO UPDATE SET record = excluded.record, mac = excluded.mac`,
    ),
    moduleTx: db.prepare('UPDATE modules SET last_tx_at = ?, last_tx_value = ? WHERE serial = ?'),
  };

  const commitOne = (b: BatchCommit, linker: LogLinker, head: string): string => {
    for (const a of b.newAccounts) {
      const accountId = q.insertAccount.get(a.username, a.createdAt) as number;
      if (q.assignMeter.run(accountId, a.meterId).changes !== 1) {
        throw new Error('meter already assigned');
      }
    }
    for (const p of b.packages) {
      q.updatePackage.run(p.sealedPackage, p.meterId);
      if (p.state !== undefined) q.updateState.run(p.state, p.meterId);
    }
    for (const c of b.creditsSeen) q.creditsSeen.run(c.seq, c.meterId);
    for (const c of b.credits) q.insertCredit.run(c);
    for (const p of b.pieces) {
      q.insertPiece.run(p.meterId, p.pieceNumber, p.postage, p.indicium, p.mailDate, p.createdAt, p.seal);
    }
    for (const r of b.refunds) {
      if (q.refund.run(r.meterId, r.pieceNumber).changes !== 1) throw new Error('piece refunded twice');
    }
    for (const i of b.inspections) q.inspection.run(i.at, i.meterId);
    for (const c of b.certificates ?? []) {
      if (q.retireCert.run(c.at, c.meterId).changes !== 1) throw new Error('re-key: no such meter');
      q.newCert.run(c.certSerial, c.certificatePem, c.meterId);
    }
    if (b.people !== undefined) people(b.people);
    let link = head;
    for (const e of b.log) {
      link = linker.link(link, e.hash);
      q.insertLog.run(e.moduleSerial, e.seq, e.meterId, e.type, e.amount, e.ar, e.dr, e.pieceNumber, e.at,
        e.prevHash, e.hash, e.mac, link);
    }
    audits.append(b.audits);
    q.upsertCheckpoint.run(b.moduleSerial, b.checkpoint.record, b.checkpoint.mac);
    q.moduleTx.run(b.moduleLastTx.at, b.moduleLastTx.value, b.moduleSerial);
    return link;
  };
  const commitBatches = db.transaction((batches: BatchCommit[], linker: LogLinker) => {
    let head = (q.lastLink.get() as string | null | undefined) ?? linker.genesis;
    for (const b of batches) head = commitOne(b, linker, head);
  });
  return (batches, linker) => commitBatches.immediate(batches, linker);
}

/** Turns a module's executed batch into the one database commit of SPEC §4.4 (BatchCommit). */
import type { ModuleLogEntry } from '../ledger/chain.ts';
import { emptyPeopleChanges, hasPeopleChanges } from '../storage/people-rows.ts';
import type { AuditEntry, BatchCommit, StoredCheckpoint } from '../storage/storage.ts';
import type { ModuleCommand } from './messages.ts';
import type { TxOutcome } from './module-ops.ts';

export interface ExecutedBatch {
  moduleSerial: number;
  commands: ModuleCommand[];
  outcomes: TxOutcome[];
  checkpoint: StoredCheckpoint;
  lastTx: { at: string; value: number };
  log: ModuleLogEntry[];
  /** Audit records of the batch itself (auto-recover), already stamped with the module serial. */
  audits: AuditEntry[];
  at: string;
}

export function buildBatchCommit(b: ExecutedBatch): BatchCommit {
  const commit: BatchCommit = {
    moduleSerial: b.moduleSerial, checkpoint: b.checkpoint, moduleLastTx: b.lastTx, packages: [], newAccounts: [],
    credits: [], creditsSeen: [], pieces: [], refunds: [], audits: [...b.audits], inspections: [], log: b.log,
  };
  const people = emptyPeopleChanges();
  b.outcomes.forEach(({ outcome, pkg }, i) => {
    const meterId = (b.commands[i] as ModuleCommand).meterId;
    const e = outcome.effects;
    for (const a of e.audits) commit.audits.push({ ...a, moduleSerial: b.moduleSerial });
    if (outcome.change === null) return;
    commit.packages.push({ meterId, sealedPackage: outcome.change.pkg, state: outcome.change.state });
    if (e.newAccount) commit.newAccounts.push({ username: e.newAccount.username, meterId, createdAt: b.at });
    if (e.credit !== undefined) commit.credits.push(e.credit);
    if (e.creditsSeen !== undefined) commit.creditsSeen.push({ meterId, seq: e.creditsSeen });
    if (e.piece) commit.pieces.push({ meterId, ...e.piece, refunded: false });
    if (e.refundPiece !== undefined) commit.refunds.push({ meterId, pieceNumber: e.refundPiece });
    if (e.inspectionAt !== undefined) commit.inspections.push({ meterId, at: e.inspectionAt });
    if (e.certificate !== undefined) (commit.certificates ??= []).push({ meterId, ...e.certificate, at: b.at });
    // Who printed: the person the meter's challenge was issued to (absent: the owner, who needs no row).
    if (e.piece && pkg?.actingUser !== undefined) people.printedBy.push({ meterId, pieceNumber: e.piece.pieceNumber, username: pkg.actingUser });
    if (e.person && 'added' in e.person) people.added.push({ meterId, ...e.person.added, createdAt: b.at });
    if (e.person && 'removed' in e.person) people.removed.push({ meterId, username: e.person.removed });
  });
  if (hasPeopleChanges(people)) commit.people = people;
  return commit;
}

/** The audit records of a batch that changed nothing (the bank writes them itself). */
export function auditsOf(moduleSerial: number, outcomes: TxOutcome[], own: AuditEntry[]): AuditEntry[] {
  const audits = [...own];
  for (const { outcome } of outcomes) for (const a of outcome.effects.audits) audits.push({ ...a, moduleSerial });
  return audits;
}

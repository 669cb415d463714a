/**
 * The other value-bearing tables, each checked with its key: every account's credit chain, every
 * piece row (its seal, and that it is the piece the log says, refunded exactly when the log says),
 * the audit log's chain, and the modules' checkpoints (MAC, totals, last batch).
 */
import { createHash } from 'node:crypto';
import { auditLinker, checkAuditEntry } from '../ledger/audit-chain.ts';
import { checkCreditEntry, EMPTY_CREDIT_HEAD, type CreditEntry, type CreditHead } from '../ledger/credits.ts';
import { hmacText, sameMacText } from '../ledger/mac-text.ts';
import { pieceSealVerifies } from '../ledger/piece-seal.ts';
import type { Storage } from '../storage/storage.ts';
import type { Breaks, ChainStatus, MeterFacts, ModuleFacts } from './facts.ts';
import type { LedgerKeys } from './keys.ts';

const PAGE = 5000;

/** Each account's verified chain: its entries in order (up to the first that breaks). */
export async function walkCredits(storage: Storage, keys: LedgerKeys, breaks: Breaks): Promise<{ status: ChainStatus; chains: Map<string, CreditEntry[]> }> {
  const chains = new Map<string, CreditEntry[]>();
  const status: ChainStatus = { entries: 0, firstBreak: null };
  const broken = new Set<string>();
  let after: { account: string; seq: number } | null = null;
  for (;;) {
    const page = await storage.creditEntries(after, PAGE);
    if (page.length === 0) return { status, chains };
    for (const e of page) {
      after = { account: e.account, seq: e.seq };
      if (broken.has(e.account)) continue;
      const chain = chains.get(e.account) ?? [];
      const head: CreditHead = chain.at(-1) ?? EMPTY_CREDIT_HEAD;
      const why = checkCreditEntry(keys.ledger, e.account, head, e);
      if (why !== null) {
        broken.add(e.account);
        status.firstBreak ??= why;
        breaks.add(`credits: ${why}`);
        continue;
      }
      chains.set(e.account, [...chain, e]);
      status.entries++;
    }
  }
}

export interface PieceCounts {
  rows: number;
  sealed: number;
  unsealedRefunded: number;
}

/** Every piece row against its seal and the log; then every piece of the log must have had a row. */
export async function walkPieces(storage: Storage, keys: LedgerKeys, meters: Map<string, MeterFacts>, breaks: Breaks): Promise<PieceCounts> {
  const counts: PieceCounts = { rows: 0, sealed: 0, unsealedRefunded: 0 };
  const seen = new Set<string>();
  let after: { meterId: string; pieceNumber: number } | null = null;
  for (;;) {
    const page = await storage.pieces(after, PAGE);
    if (page.length === 0) break;
    for (const p of page) {
      after = { meterId: p.meterId, pieceNumber: p.pieceNumber };
      counts.rows++;
      seen.add(`${p.meterId}/${p.pieceNumber}`);
      const where = `piece ${p.pieceNumber} of meter ${p.meterId}`;
      if (pieceSealVerifies(keys.pieceSeal, p, p.seal)) counts.sealed++;
      else if (p.seal === null && p.refunded) counts.unsealedRefunded++;
      else breaks.add(`${where}: ${p.seal === null ? 'has no seal' : 'its seal does not verify (edited, moved or invented)'}`);
      const logged = meters.get(p.meterId)?.pieces.get(p.pieceNumber);
      if (logged === undefined) {
        breaks.add(`${where}: the log holds no such piece`);
        continue;
      }
      if (logged.amount !== p.postage || logged.at !== p.createdAt) breaks.add(`${where}: differs from its log entry (postage or time)`);
      if (p.refunded !== logged.refunds.length > 0) {
        breaks.add(`${where}: marked ${p.refunded ? 'refunded' : 'not refunded'}, but the log ${logged.refunds.length > 0 ? 'refunds' : 'never refunds'} it`);
      }
    }
  }
  for (const m of meters.values()) {
    for (const n of m.pieces.keys()) if (!seen.has(`${m.meterId}/${n}`)) breaks.add(`piece ${n} of meter ${m.meterId}: in the log but not in the pieces table`);
  }
  return counts;
}

export async function walkAudit(storage: Storage, keys: LedgerKeys, breaks: Breaks): Promise<{ status: ChainStatus; discarded: Array<{ op: string; amount: number }> }> {
  const linker = auditLinker(keys.audit);
  const status: ChainStatus = { entries: 0, firstBreak: null };
  const discarded: Array<{ op: string; amount: number }> = [];
  let prev = linker.genesis;
  let lastId = 0;
  for (;;) {
    const page = await storage.auditEntries(lastId, PAGE);
    if (page.length === 0) return { status, discarded };
    for (const a of page) {
      const why = checkAuditEntry(linker, prev, lastId, a, a.mac);
      if (why !== null) {
        status.firstBreak = why;
        breaks.add(`audit log: ${why}`);
        return { status, discarded };
      }
      if (a.event === 'auto-recover-discarded' && a.detail !== null) {
        const d = JSON.parse(a.detail) as { op?: string; amount?: number };
        discarded.push({ op: String(d.op), amount: Number(d.amount ?? 0) });
      }
      prev = a.mac as string;
      lastId = a.id;
      status.entries++;
    }
  }
}

interface CheckpointRecord {
  moduleSerial: number;
  seq: number;
  batchHash: string;
  totals: { reset: number; printed: number; refunded: number };
}

/** The checkpoint rows, MAC-checked; returns each module's checkpoint seq (for the log walk). */
export async function readCheckpoints(storage: Storage, keys: LedgerKeys, breaks: Breaks): Promise<Map<number, CheckpointRecord>> {
  const out = new Map<number, CheckpointRecord>();
  for (const c of await storage.checkpoints()) {
    if (!sameMacText(hmacText(keys.checkpoint, `vbi1:chk:${c.record}`), c.mac)) {
      breaks.add(`module ${c.moduleSerial}: its checkpoint's MAC does not verify`);
      continue;
    }
    const record = JSON.parse(c.record) as CheckpointRecord;
    if (record.moduleSerial !== c.moduleSerial) breaks.add(`module ${c.moduleSerial}: holds module ${record.moduleSerial}'s checkpoint`);
    else out.set(c.moduleSerial, record);
  }
  return out;
}

/** Each module's checkpoint against its entries: the totals they add up to, and the hash of its last batch. */
export function checkCheckpoints(checkpoints: Map<number, CheckpointRecord>, modules: Map<number, ModuleFacts>, breaks: Breaks): void {
  for (const [serial, m] of modules) if (!checkpoints.has(serial)) breaks.add(`module ${serial}: has log entries but no checkpoint`);
  for (const [serial, c] of checkpoints) {
    const facts = modules.get(serial) ?? { totals: { reset: 0, printed: 0, refunded: 0 }, batchHashes: new Map<number, string[]>() };
    const t = facts.totals;
    if (t.reset !== c.totals.reset || t.printed !== c.totals.printed || t.refunded !== c.totals.refunded) {
      breaks.add(`module ${serial}: its checkpoint's totals ${JSON.stringify(c.totals)} differ from its log entries' ${JSON.stringify(t)}`);
    }
    const batch = createHash('sha256');
    for (const h of facts.batchHashes.get(c.seq) ?? []) batch.update(Buffer.from(h, 'base64url'));
    if (batch.digest('base64url') !== c.batchHash) breaks.add(`module ${serial}: its last batch (${c.seq}) does not hash to its checkpoint's (entries missing or added)`);
  }
}

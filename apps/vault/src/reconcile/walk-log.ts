/**
 * The transaction log, entry by entry (backup/log-entry.ts checks each one's id, hash, MAC, commit
 * link, module link and registers), gathering what each meter and module did (the operator's
 * withdrawals among it); and each refund entry checked against the piece it names: a piece of that
 * meter, refunded once, for exactly its postage, inside the refund window.
 */
import { checkEntry, emptyChain } from '../backup/log-entry.ts';
import type { Storage, StoredLogEntry } from '../storage/storage.ts';
import { newMeterFacts, type Breaks, type ChainStatus, type MeterFacts, type ModuleFacts } from './facts.ts';
import type { LedgerKeys } from './keys.ts';

const PAGE = 5000;

export interface LogFacts {
  status: ChainStatus;
  meters: Map<string, MeterFacts>;
  modules: Map<number, ModuleFacts>;
}

/** A refund entry against the piece it names: printed by this meter, refunded once, its postage, inside the window. */
function refundOf(m: MeterFacts, e: StoredLogEntry, refundWindowDays: number, breaks: Breaks): void {
  m.refunded += e.amount;
  m.refunds++;
  const piece = m.pieces.get(e.pieceNumber as number);
  const where = `log entry ${e.id}: refund of meter ${e.meterId}'s piece ${e.pieceNumber}`;
  if (piece === undefined) {
    breaks.add(`${where}: the meter printed no such piece`);
    return;
  }
  if (piece.refunds.length > 0) breaks.add(`${where}: refunded before (entry ${piece.refunds[0]?.logId})`);
  if (e.amount !== piece.amount) breaks.add(`${where}: ${e.amount} mills, but the piece's postage is ${piece.amount}`);
  if (Date.parse(e.at) > Date.parse(piece.at) + refundWindowDays * 86_400_000) {
    breaks.add(`${where}: outside the ${refundWindowDays}-day refund window (printed ${piece.at}, refunded ${e.at})`);
  }
  piece.refunds.push({ at: e.at, amount: e.amount, logId: e.id });
}

export async function walkLog(
  storage: Storage,
  keys: LedgerKeys,
  checkpointSeqs: Map<number, number>,
  refundWindowDays: number,
  breaks: Breaks,
): Promise<LogFacts> {
  const chain = emptyChain();
  const meters = new Map<string, MeterFacts>();
  const modules = new Map<number, ModuleFacts>();
  const status: ChainStatus = { entries: 0, firstBreak: null };
  let lastId = 0;
  for (;;) {
    const page = await storage.logEntries(lastId, PAGE);
    if (page.length === 0) break;
    for (const e of page) {
      const broken = e.link === null ? `entry ${e.id} has no commit link` : checkEntry({ ...e, link: e.link }, keys, chain, lastId);
      if (broken !== null) {
        status.firstBreak = broken;
        breaks.add(`transaction log: ${broken} (the log after it is not reconciled)`);
        return { status, meters, modules };
      }
      lastId = e.id;
      status.entries++;
      const m = meters.get(e.meterId) ?? newMeterFacts(e.meterId);
      meters.set(e.meterId, m);
      m.ar = e.ar;
      m.dr = e.dr;
      m.lastLogId = e.id;
      const mod = modules.get(e.moduleSerial) ?? { totals: { reset: 0, printed: 0, refunded: 0 }, batchHashes: new Map() };
      modules.set(e.moduleSerial, mod);
      const checkpointSeq = checkpointSeqs.get(e.moduleSerial) ?? 0;
      if (e.seq > checkpointSeq) breaks.add(`log entry ${e.id}: module ${e.moduleSerial}'s batch ${e.seq} is past its checkpoint (${checkpointSeq})`);
      if (e.seq === checkpointSeq) mod.batchHashes.set(e.seq, [...(mod.batchHashes.get(e.seq) ?? []), e.hash]);
      switch (e.type) {
        case 'purchase':
          m.purchased += e.amount;
          m.purchases.push({ at: e.at, amount: e.amount });
          mod.totals.reset += e.amount;
          break;
        case 'indicium':
          m.printed += e.amount;
          m.pieces.set(e.pieceNumber as number, { amount: e.amount, at: e.at, refunds: [] });
          mod.totals.printed += e.amount;
          break;
        case 'refund':
          mod.totals.refunded += e.amount;
          refundOf(m, e, refundWindowDays, breaks);
          break;
        case 'withdraw':
          // DR back to the account: in the log only (the checkpoint totals count postage).
          m.returned += e.amount;
          m.returns.push({ at: e.at, amount: e.amount });
          break;
        default:
          // unlock, rekey, resolve: no value moves (checkEntry checked the registers stayed).
          break;
      }
    }
  }
  return { status, meters, modules };
}

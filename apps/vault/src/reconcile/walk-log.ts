/**
 * The transaction log, entry by entry (backup/log-entry.ts checks each one's id, hash, MAC, commit
 * link, module link and registers), gathering what each meter and module did; and each refund
 * entry checked against the piece it names: a piece of that meter, refunded once, for exactly its
 * postage, inside the refund window.
 */
import { checkEntry, emptyChain } from '../backup/log-entry.ts';
import type { Storage } from '../storage/storage.ts';
import { newMeterFacts, type Breaks, type ChainStatus, type MeterFacts, type ModuleFacts } from './facts.ts';
import type { LedgerKeys } from './keys.ts';

const PAGE = 5000;

export interface LogFacts {
  status: ChainStatus;
  meters: Map<string, MeterFacts>;
  modules: Map<number, ModuleFacts>;
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
      const broken = checkEntry({ ...e }, keys, chain, lastId);
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
      if (e.type === 'purchase') {
        m.purchased += e.amount;
        m.purchases.push({ at: e.at, amount: e.amount });
        mod.totals.reset += e.amount;
      } else if (e.type === 'indicium') {
        m.printed += e.amount;
        m.pieces.set(e.pieceNumber as number, { amount: e.amount, at: e.at, refunds: [] });
        mod.totals.printed += e.amount;
      } else {
        m.refunded += e.amount;
        m.refunds++;
        mod.totals.refunded += e.amount;
        const piece = m.pieces.get(e.pieceNumber as number);
        const where = `log entry ${e.id}: refund of meter ${e.meterId}'s piece ${e.pieceNumber}`;
        if (piece === undefined) breaks.add(`${where}: the meter printed no such piece`);
        else {
          if (piece.refunds.length > 0) breaks.add(`${where}: refunded before (entry ${piece.refunds[0]?.logId})`);
          if (e.amount !== piece.amount) breaks.add(`${where}: ${e.amount} mills, but the piece's postage is ${piece.amount}`);
          if (Date.parse(e.at) > Date.parse(piece.at) + refundWindowDays * 86_400_000) {
            breaks.add(`${where}: outside the ${refundWindowDays}-day refund window (printed ${piece.at}, refunded ${e.at})`);
          }
          piece.refunds.push({ at: e.at, amount: e.amount, logId: e.id });
        }
      }
    }
  }
  return { status, meters, modules };
}

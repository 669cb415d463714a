/**
 * `vault verify-log`'s reconciliation of the whole ledger, read through the Storage interface and
 * checked with the bank's keys: credits → purchases → pieces → refunds (→ withdrawals, which hand
 * DR back to the account), per account and in total.
 * Each chain (log, audit, credits) must verify; then every meter's package must open and agree
 * with its log (registers, counters, credits counted, refunds remembered), every purchase be
 * covered by credits made before it, every piece row be sealed and match its log entry, every
 * refund be made once, of its piece's postage, inside the window; and each module's checkpoint
 * must sum its entries.
 */
import { formatDeviceId } from '@vbi/indicia';
import { openPackage, type PsdPackage } from '../bank/psd-package.ts';
import type { CreditEntry } from '../ledger/credits.ts';
import type { Storage } from '../storage/storage.ts';
import { Breaks, newMeterFacts, type AccountFigures, type LedgerReport, type MeterFacts } from './facts.ts';
import type { LedgerKeys } from './keys.ts';
import { walkLog } from './walk-log.ts';
import { checkCheckpoints, readCheckpoints, walkAudit, walkCredits, walkPieces } from './walk-rows.ts';

const PAGE = 5000;

/** The package against its meter's log and its account's credit chain. */
function checkPackage(p: PsdPackage, m: MeterFacts, chain: readonly CreditEntry[], breaks: Breaks): void {
  const where = `meter ${p.meterId}`;
  if (p.ar !== m.ar || p.dr !== m.dr) breaks.add(`${where}: its package holds AR ${p.ar} / DR ${p.dr}, its newest log entry ${m.ar} / ${m.dr} (an older package?)`);
  if (p.pieceCounter !== m.pieces.size) breaks.add(`${where}: its package counts ${p.pieceCounter} pieces, the log ${m.pieces.size}`);
  if (p.totalDownloaded !== m.purchased) breaks.add(`${where}: its package has downloaded ${p.totalDownloaded}, the log ${m.purchased}`);
  if (p.totalRefunded !== m.refunded) breaks.add(`${where}: its package has refunded ${p.totalRefunded}, the log ${m.refunded}`);
  if ((p.totalReturned ?? 0) !== m.returned) breaks.add(`${where}: its package has returned ${p.totalReturned ?? 0} by withdrawal, the log ${m.returned}`);
  if (p.credits.seq > 0) {
    const seen = chain[p.credits.seq - 1];
    const total = chain.slice(0, p.credits.seq).reduce((n, e) => n + e.amount, 0);
    if (seen === undefined || seen.hash !== p.credits.hash || total !== p.credits.total) {
      breaks.add(`${where}: its package counted credits up to #${p.credits.seq} (${p.credits.total} mills), which the account's chain does not hold`);
    }
  }
  for (const [n] of p.refunds) if ((m.pieces.get(n)?.refunds.length ?? 0) === 0) breaks.add(`${where}: its package remembers refunding piece ${n}, the log does not`);
}

/**
 * Purchases in log order must never pass the credits made before them (a purchase counts only
 * entries committed before it is read, so their time comes first).
 */
function checkFunds(account: string, m: MeterFacts, chain: readonly CreditEntry[], breaks: Breaks): void {
  let bought = 0;
  let credited = 0;
  let next = 0;
  for (const p of m.purchases) {
    // An opening entry (the ledger upgrade) carries what was credited before the ledger existed.
    while (next < chain.length && ((chain[next] as CreditEntry).kind === 'opening' || (chain[next] as CreditEntry).at <= p.at)) {
      credited += (chain[next++] as CreditEntry).amount;
    }
    bought += p.amount;
    if (bought > credited) {
      breaks.add(`account ${account}: by ${p.at} its meter had bought ${bought} mills against ${credited} credited`);
      return;
    }
  }
}

export interface ReconcileOptions {
  refundWindowDays: number;
}

export interface Reconciled {
  report: LedgerReport;
  /** Per meter, what the log says (for the postal report). */
  meters: Map<string, MeterFacts>;
  chains: Map<string, CreditEntry[]>;
  /** Meter id → its package's account and device id. */
  owners: Map<string, { account: string | null; deviceId: string }>;
}

export async function reconcileLedger(storage: Storage, keys: LedgerKeys, opts: ReconcileOptions): Promise<Reconciled> {
  const breaks = new Breaks();
  const checkpoints = await readCheckpoints(storage, keys, breaks);
  const log = await walkLog(storage, keys, new Map([...checkpoints].map(([s, c]) => [s, c.seq])), opts.refundWindowDays, breaks);
  const audit = await walkAudit(storage, keys, breaks);
  const credits = await walkCredits(storage, keys, breaks);
  const logWhole = log.status.firstBreak === null;
  const pieces = logWhole ? await walkPieces(storage, keys, log.meters, breaks) : { rows: 0, sealed: 0, unsealedRefunded: 0 };
  if (logWhole) checkCheckpoints(checkpoints, log.modules, breaks);

  const owners = new Map<string, { account: string | null; deviceId: string }>();
  const accounts: AccountFigures[] = [];
  let opened = 0;
  let after: string | null = null;
  for (;;) {
    const page = await storage.accountMeters(after, PAGE);
    if (page.length === 0) break;
    for (const row of page) {
      after = row.meterId;
      let p: PsdPackage;
      try {
        p = openPackage(keys.psd, row.meterId, row.sealedPackage);
      } catch (err) {
        breaks.add(`meter ${row.meterId}: its package does not open (${(err as Error).message})`);
        continue;
      }
      opened++;
      const deviceId = formatDeviceId(p.deviceId.vendor, p.deviceId.model, p.deviceId.serial);
      owners.set(row.meterId, { account: p.account, deviceId });
      const dbAccount = row.username.toLowerCase();
      if (p.account !== dbAccount) breaks.add(`meter ${row.meterId}: the database assigns it to "${dbAccount}", its package to "${p.account}"`);
      const facts = log.meters.get(row.meterId) ?? newMeterFacts(row.meterId);
      const chain = p.account === null ? [] : credits.chains.get(p.account) ?? [];
      if (logWhole) {
        checkPackage(p, facts, chain, breaks);
        if (p.account !== null) checkFunds(p.account, facts, chain, breaks);
      }
      const credited = chain.reduce((n, e) => n + e.amount, 0);
      accounts.push({
        account: p.account ?? dbAccount, meterId: row.meterId, deviceId, credited, credits: chain.length, purchased: facts.purchased,
        returned: facts.returned, funds: credited - facts.purchased + facts.returned,
      });
    }
  }
  for (const meterId of log.meters.keys()) if (!owners.has(meterId)) breaks.add(`meter ${meterId}: has log entries but no account (or no package)`);
  const owned = new Set(accounts.map((a) => a.account));
  for (const [account, chain] of credits.chains) {
    if (owned.has(account)) continue;
    breaks.add(`credits: account "${account}" has ${chain.length} credit(s) but no meter`);
  }

  const sum = (f: (m: MeterFacts) => number) => [...log.meters.values()].reduce((n, m) => n + f(m), 0);
  const credited = [...credits.chains.values()].flat().reduce((n, e) => n + e.amount, 0);
  const purchased = sum((m) => m.purchased);
  const returned = sum((m) => m.returned);
  const warnings = audit.discarded.length === 0 ? [] : [
    `auto-recover discarded ${audit.discarded.length} transaction(s) worth ${audit.discarded.reduce((n, d) => n + d.amount, 0)} mills: `
    + 'after a crash these were never answered; if the database was replaced by an older copy, they were — compare with the off-loaded log',
  ];
  const report: LedgerReport = {
    log: log.status, audit: audit.status, credits: { ...credits.status, accounts: credits.chains.size }, pieces, packages: { opened },
    totals: {
      credited, purchased, returned, funds: credited - purchased + returned, pieces: sum((m) => m.pieces.size), printed: sum((m) => m.printed),
      refunds: sum((m) => m.refunds), refunded: sum((m) => m.refunded),
    },
    accounts: accounts.sort((a, b) => a.account.localeCompare(b.account)),
    breaks: breaks.list, breakCount: breaks.count, warnings, refundWindowDays: opts.refundWindowDays,
  };
  return { report, meters: log.meters, chains: credits.chains, owners };
}

/** What a postal report is made from: each meter's log facts, each account's chain, each meter's owner. */
export type LedgerFacts = Pick<Reconciled, 'meters' | 'chains' | 'owners'>;

/** The reconciled ledgers of several shards as one (their meters, accounts and chains are apart). */
export function mergeReconciled(parts: readonly Reconciled[]): LedgerFacts {
  const union = <K, V>(maps: Array<Map<K, V>>) => new Map(maps.flatMap((m) => [...m]));
  return {
    meters: union(parts.map((p) => p.meters)),
    chains: union(parts.map((p) => p.chains)),
    owners: union(parts.map((p) => p.owners)),
  };
}

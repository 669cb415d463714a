/** What the reconciliation of the ledger learns and reports (`vault verify-log`, `vault report`). */

/** Pieces and refunds of one meter as its log entries state them. */
export interface PieceFacts {
  amount: number;
  at: string;
  refunds: Array<{ at: string; amount: number; logId: number }>;
}

export interface MeterFacts {
  meterId: string;
  purchased: number;
  purchases: Array<{ at: string; amount: number }>;
  printed: number;
  refunded: number;
  refunds: number;
  /** DR handed back to the account by a withdrawal (operator step). */
  returned: number;
  returns: Array<{ at: string; amount: number }>;
  pieces: Map<number, PieceFacts>;
  /** Registers after its newest entry. */
  ar: number;
  dr: number;
  lastLogId: number;
}

export function newMeterFacts(meterId: string): MeterFacts {
  return {
    meterId, purchased: 0, purchases: [], printed: 0, refunded: 0, refunds: 0, returned: 0, returns: [], pieces: new Map(), ar: 0, dr: 0, lastLogId: 0,
  };
}

/** Per module, from its entries: what its checkpoint's totals must say, and the hashes of its newest batch. */
export interface ModuleFacts {
  totals: { reset: number; printed: number; refunded: number };
  batchHashes: Map<number, string[]>;
}

/** One account as the reconciliation sees it: credits on its chain, what its meter bought and had returned, what is left. */
export interface AccountFigures {
  account: string;
  meterId: string | null;
  deviceId: string | null;
  credited: number;
  credits: number;
  purchased: number;
  returned: number;
  funds: number;
}

export interface ChainStatus {
  entries: number;
  /** The first place the chain breaks, or null. */
  firstBreak: string | null;
}

/** Everything found wrong, in the order found (the first 1,000 kept, all counted). */
export class Breaks {
  readonly list: string[] = [];
  count = 0;

  add(what: string): void {
    this.count++;
    if (this.list.length < 1000) this.list.push(what);
  }
}

export interface LedgerReport {
  log: ChainStatus;
  audit: ChainStatus;
  credits: ChainStatus & { accounts: number };
  pieces: { rows: number; sealed: number; unsealedRefunded: number };
  packages: { opened: number };
  totals: { credited: number; purchased: number; returned: number; funds: number; pieces: number; printed: number; refunds: number; refunded: number };
  accounts: AccountFigures[];
  breaks: string[];
  breakCount: number;
  /** Not breaks, but worth an operator's look (e.g. transactions discarded by auto-recover). */
  warnings: string[];
  refundWindowDays: number;
}

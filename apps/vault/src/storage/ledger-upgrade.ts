/**
 * Schema 5 for a database that already holds value (SQLite: sqlite/legacy-upgrade.ts, PostgreSQL:
 * postgres/pg-legacy-upgrade.ts). Rows written before it carry no MAC, so the upgrade adopts them
 * once, as they are at that moment, inside the migration's transaction — which is why it needs the
 * keys, and why no later start ever re-adopts anything the database offers (a row inserted
 * afterwards would otherwise get a MAC from the vault):
 * - each account's funds, plus everything its meter has bought, become its opening credit entry
 *   (so credits − purchases = its funds, as before);
 * - each piece not refunded gets its seal (a refunded one stays unsealed: never refunded or
 *   re-printed again);
 * - each assigned meter's package learns its account (done by the bank: `bindAccount`);
 * - the audit entries are chained.
 * Then the funds column goes. Run `vault verify-log` before upgrading: what the database holds
 * then is what the ledger starts from. This file decides what to write; each engine reads and writes.
 */
import type { MacKey } from '../keystore/backend.ts';
import { auditLinker, type StoredAuditFields } from '../ledger/audit-chain.ts';
import { EMPTY_CREDIT_HEAD, makeCreditEntry, type CreditEntry } from '../ledger/credits.ts';
import { pieceSeal, type SealedPieceFields } from '../ledger/piece-seal.ts';

export interface UpgradeKeys {
  ledger: MacKey;
  pieceSeal: MacKey;
  audit: MacKey;
  /** The package resealed to name its account (bank/upgrade-keys.ts: storage never opens a package). */
  bindAccount(meterId: string, sealedPackage: Buffer, account: string): Buffer;
}

export class UpgradeNeedsKeys extends Error {
  constructor() {
    super('this vault database predates the credits ledger (SQLite schema 7, PostgreSQL 4) and holds value: upgrade it with a command that opens the key '
      + 'store (vault start, credit, verify-log, report or recover)');
  }
}

/** What the database holds before the ledger schema, as the upgrade adopts it. */
export interface LegacyRows {
  /** Per account (its key: lower-cased username): funds plus everything its meter bought, when above 0. */
  openings: Array<{ account: string; amount: number }>;
  /** Pieces not refunded and without a seal. */
  unsealedPieces: SealedPieceFields[];
  audits: StoredAuditFields[];
  /** Assigned meters and their packages. */
  boundMeters: Array<{ meterId: string; account: string; package: Buffer }>;
}

export interface LedgerUpgrade {
  credits: CreditEntry[];
  seals: Array<{ meterId: string; pieceNumber: number; seal: string }>;
  packages: Array<{ meterId: string; package: Buffer }>;
  auditMacs: Array<{ id: number; mac: string }>;
}

export function holdsValue(rows: LegacyRows): boolean {
  return rows.openings.length + rows.unsealedPieces.length + rows.audits.length + rows.boundMeters.length > 0;
}

/** The rows to write; throws UpgradeNeedsKeys when the database holds value and no keys were given. */
export function planLedgerUpgrade(rows: LegacyRows, keys: UpgradeKeys | undefined, at: Date): LedgerUpgrade {
  if (!holdsValue(rows)) return { credits: [], seals: [], packages: [], auditMacs: [] };
  if (keys === undefined) throw new UpgradeNeedsKeys();
  const credits = rows.openings.map((o) => makeCreditEntry(keys.ledger, o.account, EMPTY_CREDIT_HEAD, {
    amount: o.amount, kind: 'opening', by: 'ledger upgrade', reason: 'funds and purchases before the credits ledger',
  }, at));
  const seals = rows.unsealedPieces.map((p) => ({ meterId: p.meterId, pieceNumber: p.pieceNumber, seal: pieceSeal(keys.pieceSeal, p) }));
  const packages = rows.boundMeters.map((m) => ({ meterId: m.meterId, package: keys.bindAccount(m.meterId, m.package, m.account) }));
  const linker = auditLinker(keys.audit);
  let prev = linker.genesis;
  const auditMacs = rows.audits.map((f) => ({ id: f.id, mac: (prev = linker.mac(prev, f)) }));
  return { credits, seals, packages, auditMacs };
}

/**
 * The postal report (`vault report`): per meter and in total, for a period [from, to), the value
 * downloaded (resets), pieces and postage printed, refunds, DR returned by a withdrawal, funds
 * credited to its account, and the registers at both ends — from the reconciled ledger only, so
 * the numbers are the ledger's. Each meter's figures reconcile by themselves: closing DR = opening
 * DR + downloaded − postage + refunded − returned, closing AR = opening AR + postage. Signed with the bank-auth key (ECDSA P-256,
 * IEEE P1363 r‖s over "vbi1:report:" + JCS(report)), so anyone with the trust bundle can check it.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '@vbi/protocol';
import type { CreditEntry } from '../ledger/credits.ts';
import { newMeterFacts, type MeterFacts } from './facts.ts';
import type { LedgerFacts } from './reconcile.ts';

export const REPORT_FORMAT = 'vbi-postal-report/1';

export interface Registers {
  ar: number;
  dr: number;
}

export interface MeterFigures {
  meterId: string;
  deviceId: string;
  account: string | null;
  opening: Registers;
  downloaded: number;
  downloads: number;
  pieces: number;
  postage: number;
  refunds: number;
  refunded: number;
  /** DR handed back to the account when the meter was withdrawn. */
  returned: number;
  credited: number;
  credits: number;
  closing: Registers;
}

type Totals = Omit<MeterFigures, 'meterId' | 'deviceId' | 'account'> & { meters: number };

export interface PostalReport {
  format: typeof REPORT_FORMAT;
  /** SHA-256 (base64url) of the bank-auth public key (SPKI DER) that signs the report. */
  signer: string;
  period: { from: string; to: string };
  generatedAt: string;
  meters: MeterFigures[];
  totals: Totals;
}

export interface SignedReport {
  report: PostalReport;
  signature: string;
}

/** The meter's registers after its entries before `at` (all start from zero). */
function registersAt(m: MeterFacts, at: string): Registers {
  const before = <T extends { at: string }>(xs: Iterable<T>) => [...xs].filter((x) => x.at < at);
  const printed = before(m.pieces.values()).reduce((n, p) => n + p.amount, 0);
  const bought = before(m.purchases).reduce((n, p) => n + p.amount, 0);
  const refunded = before([...m.pieces.values()].flatMap((p) => p.refunds)).reduce((n, r) => n + r.amount, 0);
  const returned = before(m.returns).reduce((n, r) => n + r.amount, 0);
  return { ar: printed, dr: bought + refunded - printed - returned };
}

function figures(meterId: string, deviceId: string, account: string | null, m: MeterFacts, chain: readonly CreditEntry[], from: string, to: string): MeterFigures {
  const inPeriod = (at: string) => at >= from && at < to;
  const purchases = m.purchases.filter((p) => inPeriod(p.at));
  const pieces = [...m.pieces.values()].filter((p) => inPeriod(p.at));
  const refunds = [...m.pieces.values()].flatMap((p) => p.refunds).filter((r) => inPeriod(r.at));
  const credits = chain.filter((c) => inPeriod(c.at));
  const sum = (xs: Array<{ amount: number }>) => xs.reduce((n, x) => n + x.amount, 0);
  return {
    meterId, deviceId, account, opening: registersAt(m, from),
    downloaded: sum(purchases), downloads: purchases.length, pieces: pieces.length, postage: sum(pieces),
    refunds: refunds.length, refunded: sum(refunds), returned: sum(m.returns.filter((r) => inPeriod(r.at))), credited: sum(credits), credits: credits.length,
    closing: registersAt(m, to),
  };
}

export function spkiHash(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
}

/** The report of a reconciled ledger for [from, to) (ISO times, UTC). */
export function postalReport(ledger: LedgerFacts, period: { from: string; to: string }, signer: string, now: Date): PostalReport {
  const meters: MeterFigures[] = [];
  for (const [meterId, owner] of [...ledger.owners].sort(([a], [b]) => a.localeCompare(b))) {
    const facts = ledger.meters.get(meterId) ?? newMeterFacts(meterId);
    const chain = owner.account === null ? [] : ledger.chains.get(owner.account) ?? [];
    meters.push(figures(meterId, owner.deviceId, owner.account, facts, chain, period.from, period.to));
  }
  const add = (f: (m: MeterFigures) => number) => meters.reduce((n, m) => n + f(m), 0);
  const totals: Totals = {
    meters: meters.length, opening: { ar: add((m) => m.opening.ar), dr: add((m) => m.opening.dr) },
    downloaded: add((m) => m.downloaded), downloads: add((m) => m.downloads), pieces: add((m) => m.pieces), postage: add((m) => m.postage),
    refunds: add((m) => m.refunds), refunded: add((m) => m.refunded), returned: add((m) => m.returned), credited: add((m) => m.credited),
    credits: add((m) => m.credits),
    closing: { ar: add((m) => m.closing.ar), dr: add((m) => m.closing.dr) },
  };
  return { format: REPORT_FORMAT, signer, period, generatedAt: now.toISOString(), meters, totals };
}

export function signatureInput(report: PostalReport): Buffer {
  return Buffer.from(`vbi1:report:${canonicalJson(report)}`, 'utf8');
}

/** `signBankAuth`: ECDSA P-256 over SHA-256(message), r‖s (the key backend's). */
export function signReport(report: PostalReport, signBankAuth: (message: Buffer) => Buffer): SignedReport {
  return { report, signature: signBankAuth(signatureInput(report)).toString('base64url') };
}

/** True when the signature verifies with the trust bundle's bank-auth key (PEM). */
export function reportSignatureValid(signed: SignedReport, bankAuthPem: string): boolean {
  const key = createPublicKey(bankAuthPem);
  if (signed.report.signer !== spkiHash(key)) return false;
  return verify('sha256', signatureInput(signed.report), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signed.signature, 'base64url'));
}

const CSV_COLUMNS = ['meter_id', 'device_id', 'account', 'opening_ar', 'opening_dr', 'downloaded', 'downloads', 'pieces', 'postage',
  'refunds', 'refunded', 'returned', 'credited', 'credits', 'closing_ar', 'closing_dr'];

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function reportCsv(r: PostalReport): string {
  const row = (id: string, device: string, account: string | null, f: Omit<MeterFigures, 'meterId' | 'deviceId' | 'account'>) => [
    id, device, account, f.opening.ar, f.opening.dr, f.downloaded, f.downloads, f.pieces, f.postage, f.refunds, f.refunded,
    f.returned, f.credited, f.credits, f.closing.ar, f.closing.dr,
  ].map(csvField).join(',');
  return [
    CSV_COLUMNS.join(','),
    ...r.meters.map((m) => row(m.meterId, m.deviceId, m.account, m)),
    row('TOTAL', `${r.totals.meters} meters`, null, r.totals),
  ].join('\r\n') + '\r\n';
}

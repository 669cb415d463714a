/**
 * The operator's view of one meter: what its sealed package says (opened here with the PSD key:
 * the database is not trusted with a meter's state), its account, its newest log entries (the
 * vault's side) and the registers its client last sent when they did not match (the client's
 * side, from the audit log: that request's MAC had verified, so they are the client's own).
 */
import { openPackage, type PsdPackage, type Resolution } from '../bank/psd-package.ts';
import type { AeadKey } from '../keystore/backend.ts';
import type { AuditEntry, MeterState, RetiredCertificate, Storage, StoredLogEntry } from '../storage/storage.ts';
import { money } from './money.ts';

export interface MeterView {
  meterId: string;
  username: string | null;
  funds: number | null;
  state: MeterState;
  registers: { ar: number; dr: number };
  pieces: number;
  lastTxAt: string | null;
  lockedUntil: string | null;
  failedLogins: number;
  certSerial: number;
  keyNotAfter: string;
  /** Days left on the key (negative: expired). */
  keyDaysLeft: number;
  retiredCertificates: RetiredCertificate[];
  resolution: Resolution | null;
  /** The vault's newest log entries, newest first. */
  vaultSide: StoredLogEntry[];
  /** The client's registers in its newest refused requests (REGISTER_MISMATCH), newest first. */
  clientSide: Array<{ at: string; op: string; client: { ar: number; dr: number }; vault: { ar: number; dr: number } }>;
  /** The operator's steps on this meter, newest first. */
  operatorSteps: AuditEntry[];
}

const DAY_MS = 86_400_000;

/** The summary every view shows of a package. */
export function packageSummary(p: PsdPackage, now: Date) {
  const locked = p.lockedUntil !== null && Date.parse(p.lockedUntil) > now.getTime();
  return {
    state: p.state, registers: { ar: p.ar, dr: p.dr }, pieces: p.pieceCounter, lastTxAt: p.lastTxAt,
    lockedUntil: locked ? p.lockedUntil : null, failedLogins: p.failedLogins, certSerial: p.certSerial, keyNotAfter: p.keyNotAfter,
    keyDaysLeft: Math.floor((Date.parse(p.keyNotAfter) - now.getTime()) / DAY_MS),
  };
}

export async function readMeterView(storage: Storage, psd: AeadKey, meterId: string, now = new Date()): Promise<MeterView> {
  const [sealed] = await storage.sealedPackages([meterId]);
  if (sealed === undefined) throw new Error(`no meter ${meterId}`);
  const p = openPackage(psd, meterId, sealed);
  const [account, [funds], log, audit, retired] = await Promise.all([
    storage.accountByMeter(meterId), storage.fundsOf([meterId]), storage.meterLog(meterId, 5), storage.meterAudit(meterId, 200),
    storage.retiredCertificates(meterId),
  ]);
  const clientSide = audit.filter((a) => a.event === 'register-mismatch').slice(0, 3).map((a) => {
    const d = a.detail as { op: string; client: { ar: number; dr: number }; vault: { ar: number; dr: number } };
    return { at: a.at, op: d.op, client: d.client, vault: d.vault };
  });
  return {
    meterId, username: account?.username ?? null, funds: account === undefined ? null : funds ?? 0, ...packageSummary(p, now),
    retiredCertificates: retired, resolution: p.resolution ?? null, vaultSide: log, clientSide,
    operatorSteps: audit.filter((a) => a.event.startsWith('operator-')).slice(0, 10),
  };
}

export function lockText(v: { lockedUntil: string | null; failedLogins: number }): string {
  if (v.lockedUntil !== null) return `LOCKED until ${v.lockedUntil}`;
  return v.failedLogins > 0 ? `not locked (${v.failedLogins} failed login(s))` : 'not locked';
}

export function keyText(v: { keyNotAfter: string; keyDaysLeft: number }): string {
  return v.keyDaysLeft < 0 ? `EXPIRED ${v.keyNotAfter}` : `valid until ${v.keyNotAfter} (${v.keyDaysLeft} days)`;
}

function entryText(e: StoredLogEntry): string {
  const piece = e.pieceNumber === null ? '' : ` piece ${e.pieceNumber}`;
  return `    #${e.id} ${e.at} ${e.type} ${money(e.amount)}${piece} → AR ${e.ar}, DR ${e.dr}`;
}

export function renderMeterView(v: MeterView): string {
  const lines = [
    `meter ${v.meterId}${v.username === null ? ' (no account)' : ` of account ${v.username}`}`,
    `  state: ${v.state}`,
    ...(v.funds === null ? [] : [`  account funds: ${money(v.funds)}`]),
    `  registers: AR ${money(v.registers.ar)}, DR ${money(v.registers.dr)}; ${v.pieces} piece(s)`,
    `  last transaction: ${v.lastTxAt ?? 'none'}`,
    `  login: ${lockText(v)}`,
    `  key: certificate ${v.certSerial}, ${keyText(v)}`,
    ...(v.retiredCertificates.length === 0 ? [] : [`  earlier certificates (still served): ${v.retiredCertificates.map((c) => `${c.certSerial} (until ${c.retiredAt})`).join(', ')}`]),
    ...(v.resolution === null ? [] : [`  confirmed by an operator at ${v.resolution.at}: AR ${v.resolution.ar}, DR ${v.resolution.dr}, ${v.resolution.pieces} piece(s) — the client adopts it at its next login`]),
    '  vault side (newest log entries):',
    ...(v.vaultSide.length === 0 ? ['    none'] : v.vaultSide.map(entryText)),
    '  client side (its registers in requests refused REGISTER_MISMATCH):',
    ...(v.clientSide.length === 0 ? ['    none'] : v.clientSide.map((c) =>
      `    ${c.at} ${c.op}: client AR ${c.client.ar}, DR ${c.client.dr} — vault AR ${c.vault.ar}, DR ${c.vault.dr}`)),
    ...(v.operatorSteps.length === 0 ? [] : ['  operator steps:', ...v.operatorSteps.map((a) => {
      const d = a.detail as { operator?: string; reason?: string | null };
      return `    ${a.at} ${a.event.slice('operator-'.length)} by ${d.operator ?? '?'}${d.reason ? ` (${d.reason})` : ''}`;
    })]),
  ];
  return `${lines.join('\n')}\n`;
}

/** The operator's per-account view: every account, its funds and its meter as the sealed package says. */
import { openPackage } from '../bank/psd-package.ts';
import type { AeadKey } from '../keystore/backend.ts';
import type { Storage } from '../storage/storage.ts';
import { keyText, lockText, packageSummary } from './meter-view.ts';
import { money } from './money.ts';

export type AccountView = { username: string; funds: number; meterId: string } & ReturnType<typeof packageSummary>;

/** Packages are read this many at a time (one read transaction each). */
const CHUNK = 500;

export async function readAccountsView(storage: Storage, psd: AeadKey, now = new Date()): Promise<AccountView[]> {
  const accounts = await storage.accounts();
  const out: AccountView[] = [];
  for (let i = 0; i < accounts.length; i += CHUNK) {
    const part = accounts.slice(i, i + CHUNK);
    const [sealed, funds] = await Promise.all([storage.sealedPackages(part.map((a) => a.meterId)), storage.fundsOf(part.map((a) => a.meterId))]);
    part.forEach((a, j) => {
      const pkg = sealed[j];
      if (pkg === undefined) throw new Error(`meter ${a.meterId} of ${a.username} has no package`);
      out.push({ username: a.username, funds: funds[j] ?? 0, meterId: a.meterId, ...packageSummary(openPackage(psd, a.meterId, pkg), now) });
    });
  }
  return out;
}

export function renderAccountsView(rows: AccountView[]): string {
  if (rows.length === 0) return 'accounts: none\n';
  const lines = rows.map((r) => [
    `${r.username}: funds ${money(r.funds)}`,
    `  meter ${r.meterId}: ${r.state}, AR ${money(r.registers.ar)}, DR ${money(r.registers.dr)}, ${r.pieces} piece(s)`,
    `  last transaction ${r.lastTxAt ?? 'none'}; ${lockText(r)}; key ${keyText(r)}`,
  ].join('\n'));
  return `accounts (${rows.length}):\n${lines.join('\n')}\n`;
}

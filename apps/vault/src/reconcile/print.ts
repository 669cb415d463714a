/** The reconciliation as `vault verify-log` prints it: what was checked, the totals, then every break. */
import type { ChainStatus, LedgerReport } from './facts.ts';

const chainLine = (what: string, c: ChainStatus, where: string) =>
  `${what}: ${c.entries} entries verified${c.firstBreak === null ? ', chain intact' : `; FIRST BREAK in ${where}: ${c.firstBreak}`}`;

/** `afterLog`: lines that belong beside the database log's (the off-loaded log's). */
export function reportLines(r: LedgerReport, afterLog: string[] = []): string[] {
  const t = r.totals;
  const lines = [
    chainLine('database log', r.log, 'database'),
    ...afterLog,
    chainLine('audit log', r.audit, 'the audit log'),
    chainLine(`credits ledger (${r.credits.accounts} accounts)`, r.credits, 'the credits'),
    `pieces: ${r.pieces.rows} rows, ${r.pieces.sealed} sealed${r.pieces.unsealedRefunded > 0 ? `, ${r.pieces.unsealedRefunded} refunded before seals existed` : ''}`,
    `packages: ${r.packages.opened} opened`,
    'reconciliation, in mills (per account, then in total):',
    t.returned === 0 ? `  credited ${t.credited} = bought ${t.purchased} + funds left ${t.funds}`
      : `  credited ${t.credited} + returned by withdrawal ${t.returned} = bought ${t.purchased} + funds left ${t.funds}`,
    `  bought ${t.purchased} → printed ${t.pieces} pieces, ${t.printed} postage; refunded ${t.refunds} pieces, ${t.refunded}`,
    `  refunds: each once, of its piece's postage, inside the ${r.refundWindowDays}-day window: ${r.breaks.some((b) => b.includes('refund')) ? 'NO' : 'yes'}`,
  ];
  for (const w of r.warnings) lines.push(`WARNING: ${w}`);
  if (r.breakCount === 0) lines.push('ledger: reconciled, no break');
  else {
    lines.push(`ledger: ${r.breakCount} BREAK(S)${r.breakCount > r.breaks.length ? ` (the first ${r.breaks.length} listed)` : ''}:`);
    for (const b of r.breaks) lines.push(`  - ${b}`);
  }
  return lines;
}

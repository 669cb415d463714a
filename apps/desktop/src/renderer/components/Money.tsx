/** @jsxRuntime automatic @jsxImportSource react */
/** Money as a person reads it: dollars with two decimals (`$1,234.50`); every mill only in Meter details. */
import { formatMills } from '@vbi/protocol';
import { dollars } from '../../shared/money.ts';

export { dollars };

/** `exact` shows every mill (`$20.000`), as a meter's registers are kept (Meter details only). */
export function Money({ mills, exact = false }: { mills: number; exact?: boolean }) {
  return <span className="money">{exact ? formatMills(mills) : dollars(mills)}</span>;
}

/** Dollars typed by a person (`25`, `25.50`, `$1,000`) → mills; only whole cents. */
export function parseCents(text: string): number | null {
  const m = /^\s*\$?\s*([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const cents = Number(m[1]!.replace(/,/g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents * 10 : null;
}

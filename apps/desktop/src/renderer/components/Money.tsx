/** @jsxRuntime automatic @jsxImportSource react */
/** Money shown in dollars from integer mills. */
import { formatMills } from '@vbi/protocol';

export function dollars(mills: number): string {
  // Cents are what people read; a mill that is not a whole cent is kept visible.
  return mills % 10 === 0 ? `$${(mills / 1000).toFixed(2)}` : formatMills(mills);
}

/** `exact` shows every mill (`$20.000`), as a meter's registers are kept. */
export function Money({ mills, exact = false }: { mills: number; exact?: boolean }) {
  return <span className="money">{exact ? formatMills(mills) : dollars(mills)}</span>;
}

/** @jsxRuntime automatic @jsxImportSource react */
/** Money shown in dollars from integer mills. */
import { formatMills } from '@vbi/protocol';

export function dollars(mills: number): string {
  // Cents are what people read; a mill that is not a whole cent is kept visible.
  return mills % 10 === 0 ? `$${(mills / 1000).toFixed(2)}` : formatMills(mills);
}

export function Money({ mills }: { mills: number }) {
  return <span className="money">{dollars(mills)}</span>;
}

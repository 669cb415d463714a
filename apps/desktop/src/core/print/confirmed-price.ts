/**
 * The price a person confirmed is the price charged: a piece is issued only when a fresh quote at
 * print time is exactly that price; otherwise it is refused in plain words before anything is asked
 * of the meter (nothing is charged).
 */
import { dollars } from '../../shared/money.ts';
import { AppError } from '../errors.ts';

export function priceChanged(confirmedMills: number, quotedMills: number): AppError {
  return new AppError(
    'PRICE_CHANGED',
    `The postage for this piece is now ${dollars(quotedMills)}, not the ${dollars(confirmedMills)} you confirmed (the rates or the piece changed). Nothing was charged; check the new price and print again.`,
  );
}

/** Throws PRICE_CHANGED unless the fresh quote is the confirmed price. */
export function assertConfirmedPrice(confirmedMills: number, quotedMills: number): void {
  if (quotedMills !== confirmedMills) throw priceChanged(confirmedMills, quotedMills);
}

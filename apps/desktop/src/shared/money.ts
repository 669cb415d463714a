/** Money as a person reads it: dollars with two decimals (`$1,234.50`). Browser-safe. */
const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Mills as dollars and cents, a fraction of a cent rounded half up. */
export function dollars(mills: number): string {
  return USD.format(Math.round(mills / 10) / 100);
}

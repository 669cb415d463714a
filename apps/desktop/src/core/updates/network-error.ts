/** A short, secret-free description of why a fetch failed (e.g. `ECONNREFUSED`). */
export function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message ?? 'network error';
}

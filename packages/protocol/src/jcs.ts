import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) text of `value`, via the maintained `canonicalize` package.
 * Throws a TypeError when the value has no JSON form (undefined, a function, a symbol,
 * NaN/Infinity, a BigInt, a cycle, a lone surrogate).
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : 'unserialisable value';
    throw new TypeError(`canonicalJson: ${reason}`, { cause });
  }
  if (typeof text !== 'string') {
    throw new TypeError('canonicalJson: value has no JSON form');
  }
  return text;
}

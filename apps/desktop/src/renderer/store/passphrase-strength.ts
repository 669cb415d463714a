/** A plain strength hint for a passphrase: length and variety, no network, no dictionary. */
export interface StrengthHint {
  score: 0 | 1 | 2 | 3;
  label: string;
}

export function passphraseStrength(p: string): StrengthHint {
  if (p.length < 10) return { score: 0, label: 'Too short: at least 10 characters' };
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
  const words = p.trim().split(/\s+/).length;
  if (p.length >= 20 || (p.length >= 14 && (classes >= 3 || words >= 4))) return { score: 3, label: 'Strong' };
  if (p.length >= 12 || classes >= 3) return { score: 2, label: 'Fair: a few more words make it strong' };
  return { score: 1, label: 'Weak: use a longer phrase of several words' };
}

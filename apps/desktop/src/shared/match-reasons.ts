/**
 * Why a suggestion differs from what was typed, in words that are true for that suggestion: a ZIP
 * filled in is "ZIP code added", not "corrected"; a suggestion in another ZIP says so beside
 * "house number not found"; a building with units typed without one says the unit is missing.
 * Browser-safe: Compose's suggestions and the batch's review table say the same.
 */
import type { CallOutput, MailAddress } from './contract.ts';

type Candidate = CallOutput<'matchAddress'>['candidates'][number];

const norm = (s: string) => s.trim().toUpperCase().replace(/\s+/g, ' ');

export function matchReasons(typed: MailAddress, c: Candidate): string[] {
  const a = c.address;
  if (c.matchType === 'exact') return ['exact match'];
  const reasons: string[] = [];
  if (c.matchType === 'number_not_found') reasons.push('house number not found on this street');
  if (c.matchType === 'street_corrected') reasons.push('street spelling corrected');
  const typedZip = typed.zip.trim().slice(0, 5);
  if (typedZip === '') reasons.push('ZIP code added');
  else if (typedZip !== a.zip) reasons.push(`other ZIP code (${a.zip})`);
  if (norm(typed.city) === '') reasons.push('city added');
  else if (c.matchType === 'city_corrected' || (norm(typed.city) !== a.city && reasons.length === 0)) reasons.push('city corrected');
  if (c.unitMissing) reasons.push('apartment or suite number missing');
  if (reasons.length === 0) reasons.push('written the postal way');
  return reasons;
}

/** A state typed that the ZIP reference says is not the ZIP's (`XX` with 94102). */
export function stateMismatch(typed: MailAddress, zipInfo: CallOutput<'matchAddress'>['zipInfo']): string | null {
  const state = norm(typed.state);
  if (!zipInfo || state === '' || state === zipInfo.state) return null;
  return `ZIP ${zipInfo.zip} is in ${zipInfo.state} (${zipInfo.city}), not ${typed.state.trim()}.`;
}

/** Whether the street field holds a whole address (`650 Turk St, San Francisco, CA 94102`). */
export function looksLikeWholeAddress(street: string): boolean {
  return /,/.test(street.trim()) || /\s[0-9]{5}(?:-[0-9]{4})?\s*$/.test(street);
}

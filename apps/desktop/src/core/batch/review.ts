/**
 * What the review table says of a recipient, from the vault's amsMatch answer: matched (perhaps
 * corrected, and how), or what the person must fix — an unknown ZIP, a state that is not the ZIP's,
 * no or several matches, a building's missing unit. Pure.
 */
import type { CallOutput, MailAddress } from '../../shared/contract.ts';
import { matchReasons, stateMismatch } from '../../shared/match-reasons.ts';

type MatchAnswer = CallOutput<'matchAddress'>;

export type Reviewed = { state: 'ready' | 'needs-fix'; to: MailAddress; message: string };

const UNIT_MISSING = 'This building has apartments or suites: add the unit, or keep it as entered.';

/** The ZIP checks a piece must pass even when kept as entered; null when it passes. */
export function zipProblem(typed: MailAddress, answer: MatchAnswer): string | null {
  const zip = typed.zip.slice(0, 5);
  if (!answer.zipInfo) return `ZIP ${zip} is not a US ZIP code. Correct the ZIP.`;
  const mismatch = stateMismatch(typed, answer.zipInfo);
  return mismatch ? `${mismatch} Correct the state or the ZIP.` : null;
}

export function reviewAddress(typed: MailAddress, answer: MatchAnswer): Reviewed {
  const needsFix = (message: string): Reviewed => ({ state: 'needs-fix', to: typed, message });
  const zip = zipProblem(typed, answer);
  if (zip) return needsFix(zip);
  const [best] = answer.candidates;
  const single = answer.status === 'exact' || (answer.status === 'corrected' && answer.candidates.length === 1);
  if (!best || answer.status === 'not_found') return needsFix('No matching address found: check the street and number, or keep it as entered.');
  if (!single || best.matchType === 'number_not_found') {
    const shown = `${best.address.street}${best.address.secondary ? ` ${best.address.secondary}` : ''}, ${best.address.city} ${best.address.state} ${best.address.zip}`;
    return needsFix(`Not matched for sure (${matchReasons(typed, best).join(', ')}). Did you mean ${shown}? Edit it, or keep it as entered.`);
  }
  const to: MailAddress = { name: typed.name, ...best.address, secondary: best.address.secondary || typed.secondary };
  if (best.unitMissing && typed.secondary.trim() === '') return { state: 'needs-fix', to, message: UNIT_MISSING };
  return { state: 'ready', to, message: best.matchType === 'exact' ? 'Address matched.' : `Corrected: ${matchReasons(typed, best).join(', ')}.` };
}

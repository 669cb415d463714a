/**
 * The piece being composed. Kept in the app store, not in the Compose screen, so a detour to
 * printer setup (or History) does not throw the person's typing away; cleared when the signed-in
 * account changes, so one account never sees another's addresses.
 */
import type { Layout, MailAddress, PrintJob } from '../../shared/contract.ts';

/** How an address was accepted: not yet, picked from the matcher, kept as typed (with a warning),
 * or the return address saved from an earlier print. */
export type AddressCheck = 'unchecked' | 'matched' | 'as-entered' | 'saved';
export type MailClass = PrintJob['mailClass'];

export interface ComposeDraft {
  from: MailAddress;
  fromCheck: AddressCheck;
  to: MailAddress;
  toCheck: AddressCheck;
  mailClass: MailClass;
  /** As typed: a number field's text, checked before it becomes a weight. */
  weight: string;
  mailDate: string;
  layout: Layout;
  printerId: string;
}

export const blankAddress = (zip = ''): MailAddress => ({ name: '', street: '', secondary: '', city: '', state: '', zip });

/** Today as YYYY-MM-DD, in UTC like the vault (SPEC §3.3). */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);
/** The last mailing date the vault takes: today + 7 days. */
export const lastMailDate = (): string => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

/** A plain reason the draft's date or weight cannot be printed, or null. */
export function draftProblem(draft: ComposeDraft): string | null {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(draft.mailDate) || draft.mailDate < todayUtc() || draft.mailDate > lastMailDate()) {
    return 'Pick a mailing date from today to 7 days ahead.';
  }
  const w = Number(draft.weight);
  if (draft.weight.trim() === '' || !Number.isFinite(w) || w <= 0 || w > 1120) return 'Enter the weight in ounces: more than 0, at most 1120 (70 lb).';
  return null;
}

export function emptyDraft(): ComposeDraft {
  return {
    from: blankAddress(),
    fromCheck: 'unchecked',
    to: blankAddress(),
    toCheck: 'unchecked',
    mailClass: 'first-class-letter',
    weight: '1',
    mailDate: todayUtc(),
    layout: 'envelope-10',
    printerId: '',
  };
}

/** The return address starts at the licensing ZIP until the person types one (or one is saved). */
export function returnAddressOf(draft: ComposeDraft, licenseZip: string | null): MailAddress {
  const untouched = Object.values(draft.from).every((v) => v === '');
  return untouched && licenseZip ? blankAddress(licenseZip) : draft.from;
}

export const isConfirmed = (check: AddressCheck): boolean => check !== 'unchecked';

/** What the next print would send, from the draft as it stands. */
export function jobOf(draft: ComposeDraft, licenseZip: string | null, skipSetup = false): PrintJob {
  return {
    from: returnAddressOf(draft, licenseZip),
    to: draft.to,
    mailClass: draft.mailClass,
    weightOz: Number(draft.weight),
    mailDate: draft.mailDate,
    layout: draft.layout,
    printerId: draft.printerId,
    skipSetup,
  };
}

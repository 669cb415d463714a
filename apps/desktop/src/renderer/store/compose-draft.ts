/**
 * The piece being composed. Kept in the app store, not in the Compose screen, so a detour to
 * printer setup (or History) does not throw the person's typing away; cleared when the signed-in
 * account changes, so one account never sees another's addresses.
 */
import { checkDimensions, checkWeight, PACKAGE_MAIL_CLASSES } from '@vbi/protocol';
import type { MailAddress, PrintJob } from '../../shared/contract.ts';
import { LABEL_CHOICES } from '../../shared/label-choices.ts';

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
  /** As typed: pounds and ounces (either may be blank), checked before they become a weight. */
  weightLb: string;
  weightOz: string;
  /** Package measurements in inches as typed; all blank for none (package classes only). */
  dims: { length: string; width: string; height: string };
  mailDate: string;
  /** The id of the label choice (shared/label-choices.ts). */
  label: string;
  printerId: string;
}

/** Whether the class is priced by weight and zone, so measurements (dimensional weight) apply. */
export const isPackageClass = (mailClass: MailClass): boolean => (PACKAGE_MAIL_CLASSES as readonly string[]).includes(mailClass);

export const blankAddress = (zip = ''): MailAddress => ({ name: '', street: '', secondary: '', city: '', state: '', zip });

/** Today as YYYY-MM-DD, in UTC like the vault (SPEC §3.3). */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);
/** The last mailing date the vault takes: today + 7 days. */
export const lastMailDate = (): string => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

/** The weight typed, in ounces, or null while it is not a weight. */
export function draftWeightOz(draft: ComposeDraft): number | null {
  const w = checkWeight({ lb: draft.weightLb, oz: draft.weightOz });
  return w.ok ? w.value : null;
}

/** A plain reason the draft's date, weight or measurements cannot be printed, or null. */
export function draftProblem(draft: ComposeDraft): string | null {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(draft.mailDate) || draft.mailDate < todayUtc() || draft.mailDate > lastMailDate()) {
    return 'Pick a mailing date from today to 7 days ahead.';
  }
  const w = checkWeight({ lb: draft.weightLb, oz: draft.weightOz });
  if (!w.ok) return w.message;
  if (isPackageClass(draft.mailClass)) {
    const d = checkDimensions(draft.dims);
    if (!d.ok) return d.message;
  }
  return null;
}

export function emptyDraft(): ComposeDraft {
  return {
    from: blankAddress(),
    fromCheck: 'unchecked',
    to: blankAddress(),
    toCheck: 'unchecked',
    mailClass: 'first-class-letter',
    weightLb: '',
    weightOz: '1',
    dims: { length: '', width: '', height: '' },
    mailDate: todayUtc(),
    label: 'envelope-10',
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
  const choice = LABEL_CHOICES.find((c) => c.id === draft.label) ?? LABEL_CHOICES[0]!;
  const dims = isPackageClass(draft.mailClass) ? checkDimensions(draft.dims) : null;
  return {
    from: returnAddressOf(draft, licenseZip),
    to: draft.to,
    mailClass: draft.mailClass,
    weightOz: draftWeightOz(draft) ?? 0,
    ...(dims?.ok && dims.value ? { dimensionsIn: dims.value } : {}),
    mailDate: draft.mailDate,
    layout: choice.layout,
    ...(choice.sheet ? { sheet: choice.sheet } : {}),
    printerId: draft.printerId,
    skipSetup,
  };
}

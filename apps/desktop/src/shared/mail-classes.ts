/**
 * The one table of mail classes: for each class of the wire contract, its rate category (SPEC
 * §3.3), the name a person picks in Compose, the name printed beside the indicium, and whether its
 * prices in the rate deck are a placeholder (the deck's `placeholder` flag: priority-mail's zone
 * table; test/core/mail-classes.test.ts holds this table to the vault's deck). Browser-safe.
 */
import type { MailClass, RateCategory } from '@vbi/protocol';

export interface MailClassInfo {
  rateCategory: Exclude<RateCategory, 'TEST'>;
  /** What a person picks in Compose. */
  uiLabel: string;
  /** What is printed beside the indicium. */
  printedLabel: string;
  /** The rate deck's prices for it are a placeholder, not the published ones (RATES.md). */
  placeholder: boolean;
}

export const MAIL_CLASS_TABLE = {
  'first-class-letter': { rateCategory: 'FCLT', uiLabel: 'First-Class Mail letter', printedLabel: 'First-Class Mail', placeholder: false },
  'first-class-flat': { rateCategory: 'FCFL', uiLabel: 'First-Class Mail flat (large envelope)', printedLabel: 'First-Class Mail Flat', placeholder: false },
  postcard: { rateCategory: 'PCRD', uiLabel: 'Postcard', printedLabel: 'First-Class Postcard', placeholder: false },
  'priority-mail': { rateCategory: 'PRIO', uiLabel: 'Priority Mail', printedLabel: 'Priority Mail', placeholder: true },
  'ground-advantage': { rateCategory: 'GADV', uiLabel: 'USPS Ground Advantage', printedLabel: 'USPS Ground Advantage', placeholder: true },
  'priority-mail-express': { rateCategory: 'PMEX', uiLabel: 'Priority Mail Express', printedLabel: 'Priority Mail Express', placeholder: true },
} as const satisfies Record<MailClass, MailClassInfo>;

/** The classes in the order Compose offers them. */
export const MAIL_CLASS_CHOICES = Object.entries(MAIL_CLASS_TABLE) as Array<[MailClass, MailClassInfo]>;

/** What a quote says about where its price comes from. */
export function quoteNote(mailClass: MailClass): { placeholder: boolean; note: string } {
  const info: MailClassInfo = MAIL_CLASS_TABLE[mailClass];
  return info.placeholder
    ? { placeholder: true, note: `${info.uiLabel} prices use a placeholder zone table until the official one replaces it.` }
    : { placeholder: false, note: 'Published USPS metered price.' };
}

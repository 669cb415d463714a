/** Printed names of the mail classes, and which rates are placeholders (RATES.md). */
export const MAIL_CLASS_LABEL = {
  'first-class-letter': 'First-Class Mail',
  'first-class-flat': 'First-Class Mail Flat',
  postcard: 'First-Class Postcard',
  'priority-mail': 'Priority Mail',
} as const;

export type MailClass = keyof typeof MAIL_CLASS_LABEL;

export function quoteNote(mailClass: MailClass): { placeholder: boolean; note: string } {
  return mailClass === 'priority-mail'
    ? { placeholder: true, note: 'Priority Mail prices use a placeholder zone table until the official one replaces it.' }
    : { placeholder: false, note: 'Published USPS metered price.' };
}

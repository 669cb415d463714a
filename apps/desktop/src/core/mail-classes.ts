/** Printed names of the mail classes, and which rates are placeholders (RATES.md). */
import { PACKAGE_MAIL_CLASSES, type MailClass as ProtocolMailClass } from '@vbi/protocol';

export const MAIL_CLASS_LABEL = {
  'first-class-letter': 'First-Class Mail',
  'first-class-flat': 'First-Class Mail Flat',
  postcard: 'First-Class Postcard',
  'priority-mail': 'Priority Mail',
  'ground-advantage': 'USPS Ground Advantage',
  'priority-mail-express': 'Priority Mail Express',
} as const satisfies Record<ProtocolMailClass, string>;

export type MailClass = keyof typeof MAIL_CLASS_LABEL;

export function quoteNote(mailClass: MailClass): { placeholder: boolean; note: string } {
  return (PACKAGE_MAIL_CLASSES as readonly string[]).includes(mailClass)
    ? { placeholder: true, note: `${MAIL_CLASS_LABEL[mailClass]} prices use a placeholder zone table until the official one replaces it.` }
    : { placeholder: false, note: 'Published USPS metered price.' };
}

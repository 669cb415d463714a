import { formatMills } from '@vbi/protocol';
import type { DecodedIndicium } from '../codec.ts';
import { KIND_TEST } from '../fields.ts';
import { formatDeviceId, formatZip5, uintToMailDate } from '../text.ts';

const MAIL_CLASS_BY_RATE_CATEGORY: Record<string, string> = {
  FCLT: 'FIRST-CLASS MAIL LETTER',
  FCFL: 'FIRST-CLASS MAIL FLAT',
  PCRD: 'FIRST-CLASS MAIL POSTCARD',
  PRIO: 'PRIORITY MAIL',
  GADV: 'USPS GROUND ADVANTAGE',
  PMEX: 'PRIORITY MAIL EXPRESS',
  TEST: 'TEST PRINT',
};

export const SAMPLE_BANNER = 'SAMPLE — NOT VALID POSTAGE';

export function mailClassFor(indicium: DecodedIndicium, override: string | undefined): string {
  return override ?? MAIL_CLASS_BY_RATE_CATEGORY[indicium.rateCategory] ?? indicium.rateCategory;
}

/** The human-readable lines of SPEC §5, read from the signed bytes so they always match the symbol. */
export function humanReadable(indicium: DecodedIndicium, mailClass: string) {
  return {
    heading: 'US POSTAGE',
    amount: formatMills(indicium.postage),
    details: [
      mailClass,
      uintToMailDate(indicium.mailDate),
      `FROM ZIP ${formatZip5(indicium.originZip)}`,
      formatDeviceId(indicium.vendorId, indicium.model, indicium.psdSerial),
      indicium.kind === KIND_TEST ? 'NO PIECE NUMBER' : `PIECE ${indicium.pieceNumber}`,
    ],
  };
}

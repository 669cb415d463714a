/** The history record of a piece: what the history lists and what a re-print lays out again. */
import type { ConfirmedJob, HistoryEntry, MailAddress } from '../../shared/contract.ts';
import { MAIL_CLASS_TABLE } from '../../shared/mail-classes.ts';
import type { HistoryRecord } from '../profile/history-store.ts';

const NO_ADDRESS: MailAddress = { name: '', street: '-', secondary: '', city: '', state: '', zip: '' };

/** `job` is null for a piece recovered without its job (its answer was lost and no job was kept). */
export function pieceRecord(
  job: Omit<ConfirmedJob, 'to' | 'printerId' | 'skipSetup' | 'priceMills'> | null,
  piece: { pieceNumber: number; postage: number; to: MailAddress },
  printerId: string | null,
  status: HistoryEntry['status'],
): HistoryRecord {
  const { to } = piece;
  return {
    pieceNumber: piece.pieceNumber,
    postage: piece.postage,
    rateCategory: job ? MAIL_CLASS_TABLE[job.mailClass].rateCategory : '',
    addressee: [to.name, to.street].filter(Boolean).join(', '),
    destinationZip: to.zip,
    mailDate: job?.mailDate ?? '',
    at: new Date().toISOString(),
    reprintedAt: null,
    printerId,
    status,
    layout: job?.layout ?? 'label-4x6',
    ...(job?.sheet ? { sheet: job.sheet } : {}),
    ...(job ? { weightOz: job.weightOz } : {}),
    from: job?.from ?? NO_ADDRESS,
    to,
    mailClassLabel: job ? MAIL_CLASS_TABLE[job.mailClass].printedLabel : 'Postage',
  };
}

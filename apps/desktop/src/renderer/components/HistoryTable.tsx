/** @jsxRuntime automatic @jsxImportSource react */
/** The pieces of History, one row each, with print / re-print and refund. */
import type { NamedHistoryEntry as HistoryEntry } from '../../shared/contract.ts';
import { classLabel, STATUS_WORDS } from '../store/history-filter.ts';
import { Money } from './Money.tsx';

interface Props {
  entries: HistoryEntry[];
  printable: boolean;
  disabled: boolean;
  /** Refunds are for admins (a clerk's row has no Refund). */
  refundable: boolean;
  onPrint(e: HistoryEntry): void;
  onRefund(e: HistoryEntry): void;
}

const when = (iso: string) => new Date(iso).toLocaleString();

export function HistoryTable({ entries, printable, disabled, refundable, onPrint, onRefund }: Props) {
  return (
    <div className="table-wrap">
      <table className="history-table">
        <caption className="sr-only">Pieces printed on this computer</caption>
        <thead>
          <tr>
            <th scope="col">Piece</th>
            <th scope="col">Postage</th>
            <th scope="col">Class</th>
            <th scope="col">Addressee</th>
            <th scope="col">Mailing date</th>
            <th scope="col">Printed</th>
            <th scope="col">Printed by</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.pieceNumber}>
              <td data-label="Piece">{e.pieceNumber}</td>
              <td data-label="Postage">
                <Money mills={e.postage} />
              </td>
              <td data-label="Class">{classLabel(e.rateCategory)}</td>
              <td data-label="Addressee">{e.addressee}</td>
              <td data-label="Mailing date">{e.mailDate}</td>
              <td data-label="Printed">
                {e.status === 'not-printed' ? '—' : when(e.at)}
                {e.printerId ? ` · ${e.printerId.replace(/^[a-z]+:/, '')}` : ''}
                {e.reprintedAt ? <div className="hint">re-printed {when(e.reprintedAt)}</div> : null}
              </td>
              <td data-label="Printed by">{e.printedBy ?? '—'}</td>
              <td data-label="Status">
                <span className={`tag ${e.status}`}>{STATUS_WORDS[e.status]}</span>
              </td>
              <td data-label="Actions">
                {e.status !== 'refunded' ? (
                  <div className="row">
                    <button type="button" disabled={disabled || !printable} onClick={() => onPrint(e)}>
                      {e.status === 'not-printed' ? 'Print' : 'Re-print'} <span className="sr-only">piece {e.pieceNumber}</span>
                    </button>
                    {refundable ? (
                      <button type="button" disabled={disabled} onClick={() => onRefund(e)}>
                        Refund <span className="sr-only">piece {e.pieceNumber}</span>
                      </button>
                    ) : null}
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

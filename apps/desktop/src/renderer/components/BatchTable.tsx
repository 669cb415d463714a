/** @jsxRuntime automatic @jsxImportSource react */
/** The review table of a batch: each recipient, what the check found, its price, and what the person can do with it. */
import { formatWeight } from '@vbi/protocol';
import type { BatchRow, BatchView } from '../../shared/contract.ts';
import { oneLine } from './AddressPicker.tsx';
import { Money } from './Money.tsx';

const STATE_WORDS: Record<BatchRow['state'], string> = {
  ready: 'Ready',
  'needs-fix': 'Needs a fix',
  dropped: 'Left out',
  issuing: 'Being issued',
  issued: 'Paid for, not printed',
  printed: 'Printed',
  failed: 'Failed (not charged)',
};

export interface RowActions {
  edit(row: BatchRow): void;
  keep(row: BatchRow): void;
  drop(row: BatchRow): void;
}

export function BatchTable({ view, actions, disabled }: { view: BatchView; actions: RowActions | null; disabled: boolean }) {
  return (
    <div className="table-wrap">
      <table className="history-table batch-table">
        <caption className="hint">{view.rows.length} recipients from the file</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Order</th>
            <th scope="col">Recipient</th>
            <th scope="col">Weight</th>
            <th scope="col">Status</th>
            <th scope="col">Postage</th>
            {actions ? <th scope="col">Change</th> : null}
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr key={row.id} data-state={row.state}>
              <td data-label="Line">{row.line}</td>
              <td data-label="Order">{row.order}</td>
              <td data-label="Recipient">{oneLine(row.to)}</td>
              <td data-label="Weight">{formatWeight(row.weightOz ?? view.settings.weightOz)}</td>
              <td data-label="Status">
                <strong className={row.state === 'needs-fix' || row.state === 'failed' ? 'warn-text' : undefined}>{STATE_WORDS[row.state]}</strong>
                {row.message ? <span className="hint"> — {row.message}</span> : null}
              </td>
              <td data-label="Postage">{row.priceMills !== null ? <Money mills={row.priceMills} /> : '—'}</td>
              {actions ? (
                <td data-label="Change">
                  {row.state === 'ready' || row.state === 'needs-fix' ? (
                    <span className="row-actions">
                      <button type="button" className="link" disabled={disabled} onClick={() => actions.edit(row)} aria-label={`Edit line ${row.line}`}>
                        Edit
                      </button>
                      {row.state === 'needs-fix' ? (
                        <button type="button" className="link" disabled={disabled} onClick={() => actions.keep(row)} aria-label={`Keep line ${row.line} as entered`}>
                          Keep as entered
                        </button>
                      ) : null}
                      <button type="button" className="link" disabled={disabled} onClick={() => actions.drop(row)} aria-label={`Leave out line ${row.line}`}>
                        Leave out
                      </button>
                    </span>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

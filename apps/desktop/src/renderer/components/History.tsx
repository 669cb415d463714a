/** @jsxRuntime automatic @jsxImportSource react */
/** History: every piece with its status; print a piece that is waiting, re-print, refund inside the window. */
import { useCallback, useEffect, useState } from 'react';
import type { HistoryEntry } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';
import { valueOpsAvailable } from '../store/value-ops.ts';
import { dollars, Money } from './Money.tsx';
import { PrinterSelect } from './PrinterSelect.tsx';
import { SetupPrompt } from './SetupPrompt.tsx';
import { usePrinters } from './usePrinters.ts';

const STATUS_LABEL: Record<HistoryEntry['status'], string> = {
  printed: 'printed',
  're-printed': 're-printed',
  refunded: 'refunded',
  'not-printed': 'not printed yet',
};

export function History() {
  const bridge = useApp((s) => s.bridge);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const status = useApp((s) => s.status);
  const { printers } = usePrinters();
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [chosen, setChosen] = useState('');
  const [askedSetup, setAskedSetup] = useState<{ pieceNumber: number; printerId: string } | null>(null);
  const reload = useCallback(() => void bridge.history({}).then(setEntries, () => setEntries([])), [bridge]);
  useEffect(reload, [reload, status?.pieces, status?.registers?.dr]);
  // Until one is chosen, re-prints go to the printer of the newest piece, if it is still there.
  const lastUsed = entries.find((e) => e.printerId !== null && printers.some((p) => p.id === e.printerId))?.printerId ?? '';
  const printerId = chosen || lastUsed;
  const printer = printers.find((p) => p.id === printerId);
  const disabled = busy !== null || !valueOpsAvailable(status);

  const print = (e: HistoryEntry, skipSetup: boolean) =>
    run(
      `Printing piece ${e.pieceNumber}`,
      (b) => (e.status === 'not-printed' ? b.printPending({ printerId, skipSetup }).then((r) => r.entry) : b.reprint({ pieceNumber: e.pieceNumber, printerId, skipSetup })),
      () => `Piece ${e.pieceNumber} sent to the printer.`,
    ).then(() => {
      setAskedSetup(null);
      reload();
    });
  const requestPrint = (e: HistoryEntry) => {
    if (printer && !printer.setupPassed) setAskedSetup({ pieceNumber: e.pieceNumber, printerId: printer.id });
    else void print(e, false);
  };
  const refund = (e: HistoryEntry) => {
    if (window.confirm(`Refund piece ${e.pieceNumber} (${dollars(e.postage)})? Do not mail it afterwards.`)) {
      void run(`Refunding piece ${e.pieceNumber}`, (b) => b.refund({ pieceNumber: e.pieceNumber }), () => `Refunded ${dollars(e.postage)} to your meter.`).then(reload);
    }
  };
  const asked = askedSetup && askedSetup.printerId === printerId ? entries.find((e) => e.pieceNumber === askedSetup.pieceNumber) : undefined;

  return (
    <main>
      <h1>History</h1>
      <PrinterSelect label="Printer for re-prints" printers={printers} value={printerId} onChange={setChosen} />
      {entries.length > 0 && !printer ? <p className="hint">Choose a printer to print or re-print a piece.</p> : null}
      {asked && printer ? <SetupPrompt printer={printer} onSkip={() => void print(asked, true)} /> : null}
      {entries.length === 0 ? (
        <p>No pieces yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="history-table">
            <caption className="sr-only">Pieces printed on this computer</caption>
            <thead>
              <tr>
                <th scope="col">Piece</th>
                <th scope="col">Postage</th>
                <th scope="col">Addressee</th>
                <th scope="col">Mailing date</th>
                <th scope="col">Printed</th>
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
                  <td data-label="Addressee">{e.addressee}</td>
                  <td data-label="Mailing date">{e.mailDate}</td>
                  <td data-label="Printed">
                    {new Date(e.at).toLocaleString()}
                    {e.printerId ? ` · ${e.printerId.replace(/^[a-z]+:/, '')}` : ''}
                  </td>
                  <td data-label="Status">
                    <span className={`tag ${e.status}`}>{STATUS_LABEL[e.status]}</span>
                  </td>
                  <td data-label="Actions">
                    {e.status !== 'refunded' ? (
                      <div className="row">
                        <button type="button" disabled={disabled || !printer} onClick={() => requestPrint(e)}>
                          {e.status === 'not-printed' ? 'Print' : 'Re-print'} <span className="sr-only">piece {e.pieceNumber}</span>
                        </button>
                        <button type="button" disabled={disabled} onClick={() => refund(e)}>
                          Refund <span className="sr-only">piece {e.pieceNumber}</span>
                        </button>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

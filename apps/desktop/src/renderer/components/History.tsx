/** @jsxRuntime automatic @jsxImportSource react */
/** History: every piece with its status; re-print and refund inside the window. */
import { useCallback, useEffect, useState } from 'react';
import type { HistoryEntry } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';
import { dollars, Money } from './Money.tsx';
import { PrinterSelect } from './PrinterSelect.tsx';
import { usePrinters } from './usePrinters.ts';

export function History() {
  const bridge = useApp((s) => s.bridge);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const status = useApp((s) => s.status);
  const { printers } = usePrinters();
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [printerId, setPrinterId] = useState('');
  const reload = useCallback(() => void bridge.history({}).then(setEntries, () => setEntries([])), [bridge]);
  useEffect(reload, [reload, status?.pieces, status?.registers?.dr]);
  const blocked = busy !== null || !!status?.valueOpsBlocked;

  return (
    <main>
      <h1>History</h1>
      <PrinterSelect label="Printer for re-prints" printers={printers} value={printerId} onChange={setPrinterId} />
      {entries.length === 0 ? (
        <p>No pieces yet.</p>
      ) : (
        <table>
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
                <td>{e.pieceNumber}</td>
                <td>
                  <Money mills={e.postage} />
                </td>
                <td>{e.addressee}</td>
                <td>{e.mailDate}</td>
                <td>
                  {new Date(e.at).toLocaleString()}
                  {e.printerId ? ` · ${e.printerId.replace(/^[a-z]+:/, '')}` : ''}
                </td>
                <td>
                  <span className={`tag ${e.status}`}>{e.status}</span>
                </td>
                <td className="row">
                  {e.status !== 'refunded' ? (
                    <>
                      <button
                        type="button"
                        disabled={blocked || printerId === ''}
                        onClick={() => void run(`Printing piece ${e.pieceNumber}`, (b) => (e.status === 'not-printed' ? b.printPending({ printerId }).then((r) => r.entry) : b.reprint({ pieceNumber: e.pieceNumber, printerId })), () => `Piece ${e.pieceNumber} sent to the printer.`).then(reload)}
                      >
                        {e.status === 'not-printed' ? 'Print' : 'Re-print'} <span className="sr-only">piece {e.pieceNumber}</span>
                      </button>
                      <button
                        type="button"
                        disabled={blocked}
                        onClick={() => {
                          if (window.confirm(`Refund piece ${e.pieceNumber} (${dollars(e.postage)})? Do not mail it afterwards.`)) {
                            void run(`Refunding piece ${e.pieceNumber}`, (b) => b.refund({ pieceNumber: e.pieceNumber }), () => `Refunded ${dollars(e.postage)} to your meter.`).then(reload);
                          }
                        }}
                      >
                        Refund <span className="sr-only">piece {e.pieceNumber}</span>
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

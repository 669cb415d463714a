/** @jsxRuntime automatic @jsxImportSource react */
/** History: every piece (search, filters, totals, CSV export; print a waiting piece, re-print, refund) and every postage purchase with its receipt. */
import { useCallback, useEffect, useState } from 'react';
import type { NamedHistoryEntry as HistoryEntry } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';
import { filterHistory, historyCsv, NO_FILTER, totalsOf } from '../store/history-filter.ts';
import { valueOpsAvailable } from '../store/value-ops.ts';
import { download } from './download.ts';
import { HistoryFilters } from './HistoryFilters.tsx';
import { HistoryTable } from './HistoryTable.tsx';
import { dollars, Money } from './Money.tsx';
import { PrinterSelect } from './PrinterSelect.tsx';
import { Purchases } from './Purchases.tsx';
import { SetupPrompt } from './SetupPrompt.tsx';
import { usePrinters } from './usePrinters.ts';

export function History() {
  const bridge = useApp((s) => s.bridge);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const status = useApp((s) => s.status);
  const { printers } = usePrinters();
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [filter, setFilter] = useState(NO_FILTER);
  const [chosen, setChosen] = useState('');
  const [person, setPerson] = useState('');
  const [askedSetup, setAskedSetup] = useState<{ pieceNumber: number; printerId: string } | null>(null);
  const reload = useCallback(() => void bridge.history({}).then(setEntries, () => setEntries([])), [bridge]);
  useEffect(reload, [reload, status?.pieces, status?.registers?.dr]);
  // Until one is chosen, re-prints go to the printer of the newest piece, if it is still there.
  const lastUsed = entries.find((e) => e.printerId !== null && printers.some((p) => p.id === e.printerId))?.printerId ?? '';
  const printerId = chosen || lastUsed;
  const printer = printers.find((p) => p.id === printerId);
  const disabled = busy !== null || !valueOpsAvailable(status);
  const clerk = status?.role === 'clerk';
  const people = [...new Set(entries.map((e) => e.printedBy).filter((p): p is string => p !== null))].sort();
  const shown = filterHistory(entries, filter).filter((e) => person === '' || e.printedBy === person);
  const totals = totalsOf(shown);

  const print = (e: HistoryEntry) =>
    run(
      `Printing piece ${e.pieceNumber}`,
      (b) => {
        const skipSetup = printer?.sink === 'file';
        return e.status === 'not-printed' ? b.printPending({ printerId, skipSetup }).then((r) => r.entry) : b.reprint({ pieceNumber: e.pieceNumber, printerId, skipSetup });
      },
      () => `Piece ${e.pieceNumber} sent to the printer.`,
    ).then(() => {
      setAskedSetup(null);
      reload();
    });
  const requestPrint = (e: HistoryEntry) => {
    if (printer && !printer.setupPassed && printer.sink !== 'file') setAskedSetup({ pieceNumber: e.pieceNumber, printerId: printer.id });
    else void print(e);
  };
  const refund = (e: HistoryEntry) => {
    if (window.confirm(`Refund piece ${e.pieceNumber} (${dollars(e.postage)})? Do not mail it afterwards.`)) {
      void run(`Refunding piece ${e.pieceNumber}`, (b) => b.refund({ pieceNumber: e.pieceNumber }), () => `Refunded ${dollars(e.postage)} to your postage balance.`).then(reload);
    }
  };
  const asked = askedSetup && askedSetup.printerId === printerId && printer ? printer : undefined;

  return (
    <main>
      <h1>History</h1>
      <section className="card" aria-labelledby="pieces-h">
        <h2 id="pieces-h">Pieces</h2>
        <HistoryFilters filter={filter} onChange={setFilter} />
        {clerk ? (
          <p className="hint">You see the pieces you printed. Refunds are for this account’s admins.</p>
        ) : people.length > 1 ? (
          <label className="field person-filter">
            Printed by
            <select value={person} onChange={(e) => setPerson(e.target.value)}>
              <option value="">Everyone</option>
              {people.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <p className="totals" role="status" aria-label="Totals">
          {totals.pieces} {totals.pieces === 1 ? 'piece' : 'pieces'} · postage <Money mills={totals.spent} />
          {totals.refundedPieces > 0 ? (
            <>
              {' '}
              · refunded <Money mills={totals.refunded} /> ({totals.refundedPieces})
            </>
          ) : null}
        </p>
        <div className="row">
          <PrinterSelect label="Printer for re-prints" printers={printers} value={printerId} onChange={setChosen} />
          <button type="button" disabled={shown.length === 0} onClick={() => download(`vbi-history-${new Date().toISOString().slice(0, 10)}.csv`, historyCsv(shown))}>
            Export CSV
          </button>
        </div>
        {entries.length > 0 && !printer ? <p className="hint">Choose a printer to print or re-print a piece.</p> : null}
        {asked ? <SetupPrompt printer={asked} /> : null}
        {entries.length === 0 ? <p>No pieces yet.</p> : shown.length === 0 ? <p>No piece matches these filters.</p> : <HistoryTable entries={shown} printable={printer !== undefined} disabled={disabled} refundable={!clerk} onPrint={requestPrint} onRefund={refund} />}
      </section>
      <Purchases />
    </main>
  );
}

/** @jsxRuntime automatic @jsxImportSource react */
/**
 * Batch printing: a CSV of recipients checked into a review table (fix, keep, leave out), priced,
 * and — once the person confirms the total — printed as one PDF with a progress bar. A batch that
 * stopped part way says what was paid for and resumes without charging it again.
 */
import { useEffect, useState } from 'react';
import type { BatchRow, BatchView, CallInput } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';
import { valueOpsAvailable } from '../store/value-ops.ts';
import { BatchRowEditor } from './BatchRowEditor.tsx';
import { BatchSetup } from './BatchSetup.tsx';
import { BatchTable } from './BatchTable.tsx';
import { dollars, Money } from './Money.tsx';
import { PrinterSelect } from './PrinterSelect.tsx';
import { SetupPrompt } from './SetupPrompt.tsx';
import { useAddressBook } from './useAddressBook.ts';
import { usePrinters } from './usePrinters.ts';

const count = (view: BatchView, ...states: Array<BatchRow['state']>) => view.rows.filter((r) => states.includes(r.state)).length;
const pieces = (n: number) => `${n} ${n === 1 ? 'piece' : 'pieces'}`;

export function Batch() {
  const status = useApp((s) => s.status);
  const bridge = useApp((s) => s.bridge);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const { book } = useAddressBook();
  const { printers } = usePrinters();
  const [view, setView] = useState<BatchView | null>(null);
  const [editing, setEditing] = useState<BatchRow | null>(null);
  const [printerId, setPrinterId] = useState('');

  useEffect(() => {
    bridge.batchCurrent({}).then(setView, () => setView(null));
  }, [bridge]);
  useEffect(() => {
    if (printerId === '' && book?.printerId && printers.some((p) => p.id === book.printerId)) setPrinterId(book.printerId);
  }, [book, printers, printerId]);

  const apply = (r: BatchView | undefined) => r && (setView(r), r);
  const edit = (input: CallInput<'batchEditRow'>, what: string) => run(what, (b) => b.batchEditRow(input)).then((r) => apply(r) && setEditing(null));
  const printer = printers.find((p) => p.id === printerId);
  const needsSetup = printer !== undefined && !printer.setupPassed && printer.sink !== 'file';
  const canPrint = printer !== undefined && !needsSetup && busy === null && valueOpsAvailable(status);
  const print = (v: BatchView) =>
    run('Printing the batch', (b) => b.batchPrint({ confirmedMills: v.toChargeMills, printerId, skipSetup: printer?.sink === 'file' }), (r) => {
      const failed = count(r, 'failed');
      return `Printed ${pieces(count(r, 'printed'))} in one PDF${failed ? `; ${failed} failed and cost nothing (listed below)` : ''}.`;
    }).then(async (r) => {
      // A batch that stopped part way says so: read it back to show what was paid for.
      if (r) setView(r);
      else setView(await bridge.batchCurrent({}).catch(() => null));
    });
  const discard = () => run('Discarding the batch', (b) => b.batchDiscard({})).then(() => setView(null));

  if (view === null) {
    return (
      <main>
        <h1>Batch printing</h1>
        <BatchSetup savedReturn={book?.returnAddress ?? null} disabled={busy !== null} onImport={(csv, settings) => void run('Checking addresses', (b) => b.batchImport({ csv, settings })).then(apply)} />
      </main>
    );
  }

  const ready = count(view, 'ready');
  const toFix = count(view, 'needs-fix');
  const reviewing = view.phase === 'review' || view.phase === 'priced';
  const printerPick = (
    <>
      <PrinterSelect printers={printers} value={printerId} onChange={setPrinterId} />
      {needsSetup && printer ? <SetupPrompt printer={printer} /> : null}
    </>
  );
  return (
    <main>
      <h1>Batch printing</h1>
      {view.skipped.length > 0 ? (
        <p className="hint">
          Not read from the file: {view.skipped.map((s) => `line ${s.line} (${s.reason})`).join('; ')}.
        </p>
      ) : null}
      <section className="card" aria-labelledby="batch-h">
        <h2 id="batch-h" data-testid="batch-summary">
          {reviewing ? `${pieces(ready)} ready · ${toFix} to fix · ${count(view, 'dropped')} left out` : null}
          {view.phase === 'interrupted' ? 'This batch stopped part way' : null}
          {view.phase === 'done' ? `Batch done: ${pieces(count(view, 'printed'))} printed` : null}
        </h2>
        {view.phase === 'interrupted' ? (
          <p role="status">
            {pieces(count(view, 'issued'))} are paid for (<Money mills={view.chargedMills} />) and print again at no charge; {pieces(ready)} still to print cost{' '}
            <Money mills={view.toChargeMills} />.
          </p>
        ) : null}
        {view.phase === 'priced' ? (
          <p data-testid="batch-total">
            Total postage for {pieces(ready)}: <strong><Money mills={view.toChargeMills} /></strong>. Rows to fix are not printed and cost nothing.
          </p>
        ) : null}
        <BatchTable
          view={view}
          disabled={busy !== null}
          actions={
            reviewing
              ? {
                  edit: setEditing,
                  keep: (row) => void edit({ id: row.id, action: 'keep-as-entered' }, 'Keeping the address as entered'),
                  drop: (row) => void edit({ id: row.id, action: 'drop' }, 'Leaving the row out'),
                }
              : null
          }
        />
      </section>
      {editing ? (
        <BatchRowEditor
          key={editing.id}
          row={editing}
          disabled={busy !== null}
          onSave={(to, weightOz) => void edit({ id: editing.id, action: 'update', to, weightOz }, 'Checking the address')}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <div className="row actions">
        {view.phase === 'review' ? (
          <button type="button" className="primary" disabled={busy !== null || ready === 0} onClick={() => void run('Pricing the batch', (b) => b.batchPrice({})).then(apply)}>
            Price {pieces(ready)}
          </button>
        ) : null}
        {view.phase === 'priced' || view.phase === 'interrupted' ? (
          <>
            {printerPick}
            <button type="button" className="primary" disabled={!canPrint} onClick={() => void print(view)}>
              {view.phase === 'priced' ? `Confirm ${dollars(view.toChargeMills)} and print ${pieces(ready)}` : `Resume: print ${pieces(ready + count(view, 'issued'))} (${dollars(view.toChargeMills)} more)`}
            </button>
          </>
        ) : null}
        <button type="button" disabled={busy !== null} onClick={() => void discard()}>
          {view.phase === 'done' ? 'Start a new batch' : 'Discard this batch'}
        </button>
      </div>
    </main>
  );
}

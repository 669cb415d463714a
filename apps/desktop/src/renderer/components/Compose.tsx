/** @jsxRuntime automatic @jsxImportSource react */
/** Compose: addresses with matching (and the address book), class, weight (lb + oz), size, date, live quote, label, preview, print. */
import { useEffect, useRef, useState } from 'react';
import type { CallOutput } from '../../shared/contract.ts';
import { blankAddress, draftProblem, isConfirmed, isPackageClass, jobOf, lastMailDate, returnAddressOf, todayUtc } from '../store/compose-draft.ts';
import { useApp } from '../store/context.tsx';
import { valueOpsAvailable } from '../store/value-ops.ts';
import { AddressFields } from './AddressFields.tsx';
import { AddressPicker } from './AddressPicker.tsx';
import { Field } from './Field.tsx';
import { dollars, Money } from './Money.tsx';
import { DimensionFields, LabelSelect, MailClassSelect, WeightFields } from './PieceOptions.tsx';
import { PrinterSelect } from './PrinterSelect.tsx';
import { SetupPrompt } from './SetupPrompt.tsx';
import { useAddressBook } from './useAddressBook.ts';
import { usePrinters } from './usePrinters.ts';

export function Compose() {
  const status = useApp((s) => s.status);
  const bridge = useApp((s) => s.bridge);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const draft = useApp((s) => s.draft);
  const setDraft = useApp((s) => s.setDraft);
  const { printers } = usePrinters();
  const { book, setBook } = useAddressBook();
  const [quote, setQuote] = useState<CallOutput<'quote'> | null>(null);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ job: string; pages: CallOutput<'preview'> } | null>(null);
  const [askedSetupFor, setAskedSetupFor] = useState<string | null>(null);
  const previewRef = useRef<HTMLElement>(null);
  const licenseZip = status?.licenseZip ?? null;
  const from = returnAddressOf(draft, licenseZip);
  const job = jobOf(draft, licenseZip);
  const jobKey = JSON.stringify(job);
  const fromZip = /^[0-9]{5}/.exec(from.zip)?.[0] ?? licenseZip ?? '';
  const toZip = draft.to.zip;
  const weightOz = job.weightOz;
  const dimsKey = JSON.stringify(job.dimensionsIn ?? null);
  const problem = draftProblem(draft);

  // The saved return address and printer come back in each new piece (and each new session).
  useEffect(() => {
    if (!book) return;
    const untouched = Object.values(draft.from).every((v) => v === '');
    const patch: Partial<typeof draft> = {};
    if (untouched && book.returnAddress) Object.assign(patch, { from: book.returnAddress, fromCheck: 'saved' });
    if (draft.printerId === '' && book.printerId && printers.some((p) => p.id === book.printerId)) patch.printerId = book.printerId;
    if (Object.keys(patch).length > 0) setDraft(patch);
  }, [book, printers, draft.from, draft.printerId, setDraft]);

  useEffect(() => {
    if (!/^[0-9]{5}(-[0-9]{4})?$/.test(toZip) || !(weightOz > 0) || weightOz > 1120 || !fromZip || problem !== null) {
      setQuote(null);
      setQuoteError(null); // an earlier refusal does not apply to what is typed now
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      const dims = JSON.parse(dimsKey) as { length: number; width: number; height: number } | null;
      bridge.quote({ mailClass: draft.mailClass, weightOz, fromZip, toZip, ...(dims ? { dimensionsIn: dims } : {}) }).then(
        (q) => live && (setQuote(q), setQuoteError(null)),
        (e: Error) => live && (setQuote(null), setQuoteError(e.message)),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, draft.mailClass, weightOz, dimsKey, fromZip, toZip, problem]);

  useEffect(() => {
    if (preview) previewRef.current?.scrollIntoView?.({ block: 'start' });
  }, [preview]);

  const printer = printers.find((p) => p.id === draft.printerId);
  const dr = status?.registers?.dr ?? 0;
  const short = quote !== null && quote.priceMills > dr;
  const addressesReady = isConfirmed(draft.toCheck) && isConfirmed(draft.fromCheck);
  const todo = [
    ...(addressesReady ? [] : ['confirm both addresses (pick a suggestion, or “Use as entered”)']),
    ...(printer ? [] : ['choose a printer']),
    ...(short ? ['buy more postage on Home'] : []),
  ];
  const ready = todo.length === 0 && problem === null && quote !== null && busy === null && valueOpsAvailable(status);
  // The PDF folder makes files, not paper: nothing to line up, so it never asks for setup.
  const needsSetup = printer !== undefined && !printer.setupPassed && printer.sink !== 'file';
  const askSetup = needsSetup && askedSetupFor === printer.id;

  const print = () =>
    // The price on the button is the price confirmed: the core refuses (charging nothing) if it changed.
    run('Printing postage', (b) => b.printPostage({ ...jobOf(draft, licenseZip, printer?.sink === 'file'), priceMills: quote?.priceMills ?? 0 }), (r) => `Printed piece ${r.entry.pieceNumber} (${dollars(r.entry.postage)}).`).then((r) => {
      if (!r) return;
      setDraft({ to: blankAddress(), toCheck: 'unchecked' });
      setAskedSetupFor(null);
      void bridge.addressBook({}).then(setBook, () => undefined);
    });
  const requestPrint = () => {
    if (needsSetup) setAskedSetupFor(printer.id);
    else void print();
  };
  const showPreview = () => run('Rendering preview', (b) => b.preview(job).then((pages) => (setPreview({ job: jobKey, pages }), pages)));
  const saveDelivery = () =>
    run('Saving to the address book', (b) => b.saveAddress({ address: draft.to }), () => `Saved ${draft.to.name || draft.to.street} to the address book.`).then((r) => r && setBook(r));

  return (
    <main>
      <h1>Compose</h1>
      {/* No form submission: Enter in a field must never spend postage; Print is an explicit button. */}
      <div>
        <div className="two-col">
          <div>
            <AddressFields title="Return address" value={from} check={draft.fromCheck} onChange={(v, c) => setDraft({ from: v, fromCheck: c })} />
            {draft.fromCheck === 'saved' ? <p className="hint">Your saved return address (from your last piece).</p> : null}
          </div>
          <div>
            <AddressPicker book={book} label="Deliver to someone in your address book" onPick={(address) => setDraft({ to: address, toCheck: 'unchecked' })} />
            <AddressFields title="Delivery address" value={draft.to} check={draft.toCheck} onChange={(v, c) => setDraft({ to: v, toCheck: c })} />
            <button type="button" disabled={draft.to.street.trim() === '' || busy !== null} onClick={() => void saveDelivery()}>
              Save to address book
            </button>
          </div>
        </div>
        <section className="card" aria-label="Piece">
          <div className="row">
            <MailClassSelect value={draft.mailClass} onChange={(mailClass) => setDraft({ mailClass })} />
            <Field label="Mailing date" type="date" value={draft.mailDate} min={todayUtc()} max={lastMailDate()} onChange={(e) => setDraft({ mailDate: e.target.value })} hint="Today to 7 days ahead." />
            <LabelSelect value={draft.label} onChange={(label) => setDraft({ label })} />
          </div>
          <WeightFields lb={draft.weightLb} oz={draft.weightOz} onChange={(w) => setDraft({ weightLb: w.lb, weightOz: w.oz })} />
          {isPackageClass(draft.mailClass) ? <DimensionFields value={draft.dims} onChange={(dims) => setDraft({ dims })} /> : null}
          {problem ? (
            <p className="warn-text" role="status">
              {problem}
            </p>
          ) : null}
          <PrinterSelect printers={printers} value={draft.printerId} onChange={(printerId) => setDraft({ printerId })} />
          <p className="quote" aria-live="polite">
            {quote ? (
              <>
                Postage: <strong data-testid="quote"><Money mills={quote.priceMills} /></strong> ({quote.rateCategory}
                {quote.zone ? `, zone ${quote.zone}` : ''}, rates {quote.deckVersion}).{' '}
                {quote.dimensionalWeightLb ? <>Priced at its dimensional weight, {quote.dimensionalWeightLb} lb. </> : null}
                {quote.placeholder ? <em className="warn-text">{quote.note}</em> : null}
              </>
            ) : (
              (quoteError ?? 'Enter a delivery ZIP code and weight for a price.')
            )}
          </p>
          <p className="hint" data-testid="meter-balance">
            Postage balance: <Money mills={dr} />
            {quote && !short ? (
              <>
                {' '}
                · after this piece: <Money mills={dr - quote.priceMills} />
              </>
            ) : null}
          </p>
          {todo.length > 0 ? <p className="hint">To print: {todo.join('; ')}.</p> : null}
        </section>
        <div className="row actions">
          <button type="button" disabled={!ready} onClick={() => void showPreview()}>
            Preview
          </button>
          <button type="button" className="primary" disabled={!ready} onClick={requestPrint}>
            Print postage{quote ? ` (${dollars(quote.priceMills)})` : ''}
          </button>
        </div>
      </div>
      {askSetup && printer ? <SetupPrompt printer={printer} /> : null}
      {preview ? (
        <section className="card preview" aria-labelledby="preview-h" ref={previewRef}>
          <h2 id="preview-h">Preview</h2>
          {preview.job === jobKey ? (
            <>
              <p className="hint">The exact PDF that will print, with a sample symbol (no value) where the postage goes.</p>
              {preview.pages.pagesPng.map((png, i) => (
                <img key={i} src={`data:image/png;base64,${png}`} alt={`Preview of page ${i + 1} of the postage PDF`} />
              ))}
            </>
          ) : (
            <p>The piece changed since this preview. Press Preview again to see it as it will print.</p>
          )}
        </section>
      ) : null}
    </main>
  );
}

/** @jsxRuntime automatic @jsxImportSource react */
/** Compose: addresses with matching, class, weight, date, live quote, layout, preview, print. */
import { useEffect, useId, useRef, useState } from 'react';
import type { CallOutput, Layout } from '../../shared/contract.ts';
import { MAIL_CLASS_CHOICES } from '../../shared/mail-classes.ts';
import { blankAddress, jobOf, returnAddressOf, todayUtc, type MailClass } from '../store/compose-draft.ts';
import { useApp } from '../store/context.tsx';
import { valueOpsAvailable } from '../store/value-ops.ts';
import { AddressFields } from './AddressFields.tsx';
import { Field } from './Field.tsx';
import { dollars, Money } from './Money.tsx';
import { PrinterSelect } from './PrinterSelect.tsx';
import { SetupPrompt } from './SetupPrompt.tsx';
import { usePrinters } from './usePrinters.ts';

const LAYOUTS: ReadonlyArray<readonly [Layout, string]> = [
  ['envelope-10', '#10 envelope'],
  ['label-4x6', '4×6 label'],
];
/** The vault takes mailing dates from today to today + 7 days (SPEC §3.3). */
const lastMailDate = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

export function Compose() {
  const status = useApp((s) => s.status);
  const bridge = useApp((s) => s.bridge);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const error = useApp((s) => s.error);
  const draft = useApp((s) => s.draft);
  const setDraft = useApp((s) => s.setDraft);
  const { printers } = usePrinters();
  const [quote, setQuote] = useState<CallOutput<'quote'> | null>(null);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ job: string; pages: CallOutput<'preview'> } | null>(null);
  const [askedSetupFor, setAskedSetupFor] = useState<string | null>(null);
  const previewRef = useRef<HTMLElement>(null);
  const classId = useId();
  const licenseZip = status?.licenseZip ?? null;
  const from = returnAddressOf(draft, licenseZip);
  const job = jobOf(draft, licenseZip);
  const jobKey = JSON.stringify(job);
  const fromZip = /^[0-9]{5}/.exec(from.zip)?.[0] ?? licenseZip ?? '';
  const toZip = draft.to.zip;
  const weightOz = job.weightOz;

  useEffect(() => {
    if (!/^[0-9]{5}(-[0-9]{4})?$/.test(toZip) || !(weightOz > 0) || !fromZip) {
      setQuote(null);
      setQuoteError(null); // an earlier refusal does not apply to what is typed now
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      bridge.quote({ mailClass: draft.mailClass, weightOz, fromZip, toZip }).then(
        (q) => live && (setQuote(q), setQuoteError(null)),
        (e: Error) => live && (setQuote(null), setQuoteError(e.message)),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, draft.mailClass, weightOz, fromZip, toZip]);

  useEffect(() => {
    if (preview) previewRef.current?.scrollIntoView?.({ block: 'start' });
  }, [preview]);

  const printer = printers.find((p) => p.id === draft.printerId);
  const dr = status?.registers?.dr ?? 0;
  const short = quote !== null && quote.priceMills > dr;
  const addressesReady = draft.toCheck !== 'unchecked' && draft.fromCheck !== 'unchecked';
  const todo = [
    ...(addressesReady ? [] : ['confirm both addresses (pick a suggestion, or “Use as entered”)']),
    ...(printer ? [] : ['choose a printer']),
    ...(short ? ['buy more postage on Home'] : []),
  ];
  const ready = todo.length === 0 && quote !== null && busy === null && valueOpsAvailable(status);
  const askSetup = printer !== undefined && !printer.setupPassed && (askedSetupFor === printer.id || error?.code === 'PRINTER_NOT_SET_UP');

  const print = (skipSetup: boolean) =>
    run('Printing postage', (b) => b.printPostage(jobOf(draft, licenseZip, skipSetup)), (r) => `Printed piece ${r.entry.pieceNumber} (${dollars(r.entry.postage)}).`).then((r) => {
      if (!r) return;
      setDraft({ to: blankAddress(), toCheck: 'unchecked' });
      setAskedSetupFor(null);
    });
  const requestPrint = () => {
    if (printer && !printer.setupPassed) setAskedSetupFor(printer.id);
    else void print(false);
  };
  const showPreview = () =>
    run('Rendering preview', (b) => b.preview(job).then((pages) => (setPreview({ job: jobKey, pages }), pages)));

  return (
    <main>
      <h1>Compose</h1>
      {/* No form submission: Enter in a field must never spend postage; Print is an explicit button. */}
      <div>
        <div className="two-col">
          <AddressFields title="Return address" value={from} check={draft.fromCheck} onChange={(v, c) => setDraft({ from: v, fromCheck: c })} />
          <AddressFields title="Delivery address" value={draft.to} check={draft.toCheck} onChange={(v, c) => setDraft({ to: v, toCheck: c })} />
        </div>
        <section className="card" aria-label="Piece">
          <div className="row">
            <div className="field">
              <label htmlFor={classId}>Mail class</label>
              <select id={classId} value={draft.mailClass} onChange={(e) => setDraft({ mailClass: e.target.value as MailClass })}>
                {MAIL_CLASS_CHOICES.map(([v, info]) => (
                  <option key={v} value={v}>
                    {info.uiLabel}
                  </option>
                ))}
              </select>
            </div>
            <Field label="Weight (ounces)" type="number" min="0.1" step="0.1" value={draft.weight} onChange={(e) => setDraft({ weight: e.target.value })} />
            <Field label="Mailing date" type="date" value={draft.mailDate} min={todayUtc()} max={lastMailDate()} onChange={(e) => setDraft({ mailDate: e.target.value })} />
          </div>
          <fieldset className="row">
            <legend>Print on</legend>
            {LAYOUTS.map(([v, l]) => (
              <label key={v}>
                <input type="radio" name="layout" value={v} checked={draft.layout === v} onChange={() => setDraft({ layout: v })} /> {l}
              </label>
            ))}
          </fieldset>
          <PrinterSelect printers={printers} value={draft.printerId} onChange={(printerId) => setDraft({ printerId })} />
          <p className="quote" aria-live="polite">
            {quote ? (
              <>
                Postage: <strong data-testid="quote"><Money mills={quote.priceMills} /></strong> ({quote.rateCategory}
                {quote.zone ? `, zone ${quote.zone}` : ''}, rates {quote.deckVersion}).{' '}
                {quote.placeholder ? <em className="warn-text">{quote.note}</em> : null}
              </>
            ) : (
              (quoteError ?? 'Enter a delivery ZIP code and weight for a price.')
            )}
          </p>
          <p className="hint" data-testid="meter-balance">
            Postage on the meter: <Money mills={dr} exact />
            {quote && !short ? (
              <>
                {' '}
                · after this piece: <Money mills={dr - quote.priceMills} exact />
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
      {askSetup && printer ? <SetupPrompt printer={printer} onSkip={() => void print(true)} /> : null}
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

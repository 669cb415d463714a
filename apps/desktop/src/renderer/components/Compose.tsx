/** @jsxRuntime automatic @jsxImportSource react */
/** Compose: addresses with matching, class, weight, date, live quote, layout, preview, print. */
import { useEffect, useId, useState } from 'react';
import type { CallOutput, Layout, MailAddress, PrintJob } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';
import { AddressFields, type AddressCheck } from './AddressFields.tsx';
import { Field } from './Field.tsx';
import { dollars, Money } from './Money.tsx';
import { PrinterSelect } from './PrinterSelect.tsx';
import { usePrinters } from './usePrinters.ts';

const CLASSES = [
  ['first-class-letter', 'First-Class Mail letter'],
  ['first-class-flat', 'First-Class Mail flat (large envelope)'],
  ['postcard', 'Postcard'],
  ['priority-mail', 'Priority Mail'],
] as const;
type MailClass = (typeof CLASSES)[number][0];

const blank = (zip = ''): MailAddress => ({ name: '', street: '', secondary: '', city: '', state: '', zip });
const today = () => new Date().toISOString().slice(0, 10);

export function Compose() {
  const status = useApp((s) => s.status);
  const bridge = useApp((s) => s.bridge);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const error = useApp((s) => s.error);
  const go = useApp((s) => s.go);
  const { printers } = usePrinters();
  const [from, setFrom] = useState<[MailAddress, AddressCheck]>([blank(status?.licenseZip ?? ''), 'unchecked']);
  const [to, setTo] = useState<[MailAddress, AddressCheck]>([blank(), 'unchecked']);
  const [mailClass, setMailClass] = useState<MailClass>('first-class-letter');
  const [weight, setWeight] = useState('1');
  const [mailDate, setMailDate] = useState(today());
  const [layout, setLayout] = useState<Layout>('envelope-10');
  const [printerId, setPrinterId] = useState('');
  const [quote, setQuote] = useState<CallOutput<'quote'> | null>(null);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  const [preview, setPreview] = useState<CallOutput<'preview'> | null>(null);
  const classId = useId();
  const weightOz = Number(weight);

  useEffect(() => {
    setPreview(null);
    const toZip = to[0].zip;
    const fromZip = /^[0-9]{5}/.exec(from[0].zip)?.[0] ?? status?.licenseZip ?? '';
    if (!/^[0-9]{5}(-[0-9]{4})?$/.test(toZip) || !(weightOz > 0) || !fromZip) {
      setQuote(null);
      setQuoteError(null); // an earlier refusal does not apply to what is typed now
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      bridge.quote({ mailClass, weightOz, fromZip, toZip }).then(
        (q) => live && (setQuote(q), setQuoteError(null)),
        (e: Error) => live && (setQuote(null), setQuoteError(e.message)),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, mailClass, weightOz, from, to, status?.licenseZip]);

  const job = (skipSetup = false): PrintJob => ({ from: from[0], to: to[0], mailClass, weightOz, mailDate, layout, printerId, skipSetup });
  const addressesReady = to[1] !== 'unchecked' && from[1] !== 'unchecked';
  const ready = addressesReady && quote !== null && printerId !== '' && busy === null && !status?.valueOpsBlocked;
  const printer = printers.find((p) => p.id === printerId);

  const print = (skipSetup: boolean) =>
    run('Printing postage', (b) => b.printPostage(job(skipSetup)), (r) => `Printed piece ${r.entry.pieceNumber} (${dollars(r.entry.postage)}).`).then((r) => {
      if (r) {
        setTo([blank(), 'unchecked']);
        setPreview(null);
      }
    });

  return (
    <main>
      <h1>Compose</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void print(false);
        }}
      >
        <div className="two-col">
          <AddressFields title="Return address" value={from[0]} check={from[1]} onChange={(v, c) => setFrom([v, c])} />
          <AddressFields title="Delivery address" value={to[0]} check={to[1]} onChange={(v, c) => setTo([v, c])} />
        </div>
        <section className="card" aria-label="Piece">
          <div className="row">
            <div className="field">
              <label htmlFor={classId}>Mail class</label>
              <select id={classId} value={mailClass} onChange={(e) => setMailClass(e.target.value as MailClass)}>
                {CLASSES.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            </div>
            <Field label="Weight (ounces)" type="number" min="0.1" step="0.1" value={weight} onChange={(e) => setWeight(e.target.value)} />
            <Field label="Mailing date" type="date" value={mailDate} min={today()} onChange={(e) => setMailDate(e.target.value)} />
          </div>
          <fieldset className="row">
            <legend>Print on</legend>
            <label>
              <input type="radio" name="layout" checked={layout === 'envelope-10'} onChange={() => setLayout('envelope-10')} /> #10 envelope
            </label>
            <label>
              <input type="radio" name="layout" checked={layout === 'label-4x6'} onChange={() => setLayout('label-4x6')} /> 4×6 label
            </label>
          </fieldset>
          <PrinterSelect printers={printers} value={printerId} onChange={setPrinterId} />
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
          {!addressesReady ? <p className="hint">Pick a suggested address or choose “use as entered” for both addresses.</p> : null}
        </section>
        <div className="row actions">
          <button type="button" disabled={!ready} onClick={() => void run('Rendering preview', (b) => b.preview(job()).then((p) => (setPreview(p), p)))}>
            Preview
          </button>
          <button type="submit" className="primary" disabled={!ready}>
            Print postage{quote ? ` (${dollars(quote.priceMills)})` : ''}
          </button>
        </div>
        {error?.code === 'PRINTER_NOT_SET_UP' ? (
          <div className="card warn" role="note">
            <p>This printer has not passed printer setup.</p>
            <button type="button" onClick={() => go('printers')}>
              Set up the printer
            </button>{' '}
            {printer?.sink === 'file' ? (
              <button type="button" onClick={() => void print(true)}>
                Skip setup (PDF files)
              </button>
            ) : null}
          </div>
        ) : null}
      </form>
      {preview ? (
        <section className="card preview" aria-labelledby="preview-h">
          <h2 id="preview-h">Preview</h2>
          <p className="hint">The exact PDF layout that will print, with a sample symbol in place of the postage ({preview.pdfSha256.slice(0, 12)}…).</p>
          {preview.pagesPng.map((png, i) => (
            <img key={i} src={`data:image/png;base64,${png}`} alt={`Preview of page ${i + 1} of the postage PDF`} />
          ))}
        </section>
      ) : null}
    </main>
  );
}

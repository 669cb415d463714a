/** @jsxRuntime automatic @jsxImportSource react */
/**
 * Printer setup: pick a printer, check it with the vault, print the test envelope, nudge the
 * X/Y offsets until the marks line up, and save the result (used by every later print).
 */
import { useEffect, useId, useState } from 'react';
import type { CallOutput } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';
import { Field } from './Field.tsx';
import { PrinterSelect } from './PrinterSelect.tsx';
import { usePrinters } from './usePrinters.ts';

const STEP = 0.5;
const LIMIT = 25;
const clamp = (v: number) => Math.max(-LIMIT, Math.min(LIMIT, Math.round(v * 10) / 10));
/** A typed offset in mm, or why it cannot be used (never clamped behind the person's back). */
function offsetOf(text: string): { mm: number } | { problem: string } {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) return { problem: 'Enter a number of millimetres.' };
  if (Math.abs(v) > LIMIT) return { problem: `Offsets go from −${LIMIT} mm to ${LIMIT} mm; ${text.trim()} mm is further than any printer is off.` };
  return { mm: Math.round(v * 10) / 10 };
}
/** Offered until the vault's printer database names the media this printer takes. */
const DEFAULT_MEDIA = ['envelope-10', 'label-4x6'];
const MEDIA_LABEL: Record<string, string> = { 'envelope-10': '#10 envelope', 'label-4x6': '4×6 label', letter: 'Letter paper' };
const SCREEN_LABEL = { home: 'Home', compose: 'Compose', batch: 'Batch printing', history: 'History', addresses: 'Address book', printers: 'Printer setup', settings: 'Settings' } as const;

export function PrinterSetup() {
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const setupFor = useApp((s) => s.setupFor);
  const go = useApp((s) => s.go);
  const { printers, reload } = usePrinters();
  const [printerId, setPrinterId] = useState(setupFor?.printerId ?? '');
  const [check, setCheck] = useState<CallOutput<'checkPrinter'> | null>(null);
  const [xText, setXText] = useState('0');
  const [yText, setYText] = useState('0');
  const xOffset = offsetOf(xText);
  const yOffset = offsetOf(yText);
  const x = 'mm' in xOffset ? xOffset.mm : 0;
  const y = 'mm' in yOffset ? yOffset.mm : 0;
  const offsetsOk = 'mm' in xOffset && 'mm' in yOffset;
  const setX = (v: number) => setXText(String(v));
  const setY = (v: number) => setYText(String(v));
  const [media, setMedia] = useState(DEFAULT_MEDIA[0]!);
  const [testPrinted, setTestPrinted] = useState(false);
  const [saved, setSaved] = useState(false);
  const mediaId = useId();
  const printer = printers.find((p) => p.id === printerId);
  const mediaChoices = check?.profile?.media ?? DEFAULT_MEDIA;

  useEffect(() => {
    setCheck(null);
    setTestPrinted(false);
    setSaved(false);
    setXText(String(printer?.offsetsMm.x ?? 0));
    setYText(String(printer?.offsetsMm.y ?? 0));
  }, [printer?.id]); // eslint-disable-line react-hooks/exhaustive-deps -- only when another printer is picked

  const checkWithVault = () =>
    run('Checking the printer', (b) => b.checkPrinter({ printerId })).then((c) => {
      if (!c) return;
      setCheck(c);
      if (c.profile && !c.profile.media.includes(media)) setMedia(c.profile.media[0]!);
      // A printer never set up starts from its model's default offsets.
      if (c.profile && !printer?.setupPassed) {
        setX(clamp(c.profile.offsetsMm.x));
        setY(clamp(c.profile.offsetsMm.y));
      }
    });
  const nudge = (axis: 'x' | 'y', d: number) => (axis === 'x' ? setX(clamp(x + d)) : setY(clamp(y + d)));
  const save = (passed: boolean) =>
    run('Saving printer setup', (b) => b.savePrinterSetup({ printerId, media, offsetsMm: { x, y }, passed }), () => (passed ? 'Printer setup saved: the next print uses these offsets.' : 'Saved as not passed.')).then((r) => {
      if (r) setSaved(passed);
      reload();
    });

  return (
    <main>
      <h1>Printer setup</h1>
      <section className="card">
        <PrinterSelect printers={printers} value={printerId} onChange={setPrinterId} />
        {printer ? <p>{printer.setupPassed ? `Set up: offsets X ${printer.offsetsMm.x} mm, Y ${printer.offsetsMm.y} mm.` : 'Not set up yet.'}</p> : null}
        <button type="button" disabled={!printer || busy !== null} onClick={() => void checkWithVault()}>
          1. Check with the vault
        </button>
        {check ? (
          <p role="status" className={check.supported ? 'ok-text' : 'warn-text'}>
            {check.supported ? 'Supported' : 'Not in the printer database'}
            {check.profile ? ` — ${check.profile.model} (${check.profile.kind}, ${check.profile.dpi} dpi; media: ${check.profile.media.join(', ')})` : ''}. {check.notes}
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="align-h">
        <h2 id="align-h">2. Print the test envelope and line up the marks</h2>
        <p>The test envelope carries a sample symbol (not valid postage) and alignment marks. Move the print until the marks sit on the edges of the envelope.</p>
        <div className="row">
          <div className="field">
            <label htmlFor={mediaId}>Media</label>
            <select id={mediaId} value={media} onChange={(e) => setMedia(e.target.value)}>
              {mediaChoices.map((m) => (
                <option key={m} value={m}>
                  {MEDIA_LABEL[m] ?? m}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="row">
          <Field label="Horizontal offset X (mm, + moves right)" type="number" step={STEP} min={-LIMIT} max={LIMIT} value={xText} onChange={(e) => setXText(e.target.value)} hint={'problem' in xOffset ? xOffset.problem : undefined} aria-invalid={'problem' in xOffset} />
          <div className="nudge" role="group" aria-label="Nudge X">
            <button type="button" onClick={() => nudge('x', -STEP)}><span aria-hidden="true">←</span> left</button>
            <button type="button" onClick={() => nudge('x', STEP)}>right <span aria-hidden="true">→</span></button>
          </div>
        </div>
        <div className="row">
          <Field label="Vertical offset Y (mm, + moves down)" type="number" step={STEP} min={-LIMIT} max={LIMIT} value={yText} onChange={(e) => setYText(e.target.value)} hint={'problem' in yOffset ? yOffset.problem : undefined} aria-invalid={'problem' in yOffset} />
          <div className="nudge" role="group" aria-label="Nudge Y">
            <button type="button" onClick={() => nudge('y', -STEP)}><span aria-hidden="true">↑</span> up</button>
            <button type="button" onClick={() => nudge('y', STEP)}>down <span aria-hidden="true">↓</span></button>
          </div>
        </div>
        <button
          type="button"
          disabled={!printer || busy !== null || !offsetsOk}
          onClick={() => void run('Printing the test envelope', (b) => b.printTestEnvelope({ printerId, offsetsMm: { x, y } }), () => 'Test envelope sent. Check the marks.').then((r) => r && setTestPrinted(true))}
        >
          Print test envelope
        </button>
      </section>
      <section className="card" aria-labelledby="save-h">
        <h2 id="save-h">3. Save</h2>
        {!testPrinted ? <p className="hint">Print the test envelope first.</p> : null}
        <div className="row">
          <button type="button" className="primary" disabled={!printer || !testPrinted || busy !== null || !offsetsOk} onClick={() => void save(true)}>
            The marks line up — save
          </button>
          <button type="button" disabled={!printer || !testPrinted || busy !== null || !offsetsOk} onClick={() => void save(false)}>
            They do not line up — save as failed
          </button>
          {saved && setupFor && setupFor.printerId === printerId ? (
            <button type="button" onClick={() => go(setupFor.back)}>
              Back to {SCREEN_LABEL[setupFor.back]}
            </button>
          ) : null}
        </div>
      </section>
    </main>
  );
}

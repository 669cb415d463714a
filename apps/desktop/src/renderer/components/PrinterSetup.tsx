/** @jsxRuntime automatic @jsxImportSource react */
/**
 * Printer setup: pick a printer, check it with the vault, print the test envelope, nudge the
 * X/Y offsets until the marks line up, and save the result (used by every later print).
 */
import { useEffect, useState } from 'react';
import type { CallOutput } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';
import { Field } from './Field.tsx';
import { PrinterSelect } from './PrinterSelect.tsx';
import { usePrinters } from './usePrinters.ts';

const STEP = 0.5;
const clamp = (v: number) => Math.max(-25, Math.min(25, Math.round(v * 10) / 10));

export function PrinterSetup() {
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const { printers, reload } = usePrinters();
  const [printerId, setPrinterId] = useState('');
  const [check, setCheck] = useState<CallOutput<'checkPrinter'> | null>(null);
  const [x, setX] = useState(0);
  const [y, setY] = useState(0);
  const [media, setMedia] = useState('envelope-10');
  const [testPrinted, setTestPrinted] = useState(false);
  const printer = printers.find((p) => p.id === printerId);

  useEffect(() => {
    setCheck(null);
    setTestPrinted(false);
    setX(printer?.offsetsMm.x ?? 0);
    setY(printer?.offsetsMm.y ?? 0);
  }, [printer?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const nudge = (axis: 'x' | 'y', d: number) => (axis === 'x' ? setX((v) => clamp(v + d)) : setY((v) => clamp(v + d)));
  const save = (passed: boolean) =>
    run('Saving printer setup', (b) => b.savePrinterSetup({ printerId, media, offsetsMm: { x, y }, passed }), () => (passed ? 'Printer setup saved: the next print uses these offsets.' : 'Saved as not passed.')).then(reload);

  return (
    <main>
      <h1>Printer setup</h1>
      <section className="card">
        <PrinterSelect printers={printers} value={printerId} onChange={setPrinterId} />
        {printer ? <p>{printer.setupPassed ? `Set up: offsets X ${printer.offsetsMm.x} mm, Y ${printer.offsetsMm.y} mm.` : 'Not set up yet.'}</p> : null}
        <button type="button" disabled={!printer || busy !== null} onClick={() => void run('Checking the printer', (b) => b.checkPrinter({ printerId }).then((c) => (setCheck(c), c)))}>
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
          <Field label="Media" value={media} onChange={(e) => setMedia(e.target.value)} maxLength={64} />
          <Field label="Horizontal offset X (mm, + moves right)" type="number" step={STEP} min={-25} max={25} value={x} onChange={(e) => setX(clamp(Number(e.target.value)))} />
          <div className="nudge" role="group" aria-label="Nudge X">
            <button type="button" onClick={() => nudge('x', -STEP)}><span aria-hidden="true">←</span> left</button>
            <button type="button" onClick={() => nudge('x', STEP)}>right <span aria-hidden="true">→</span></button>
          </div>
          <Field label="Vertical offset Y (mm, + moves down)" type="number" step={STEP} min={-25} max={25} value={y} onChange={(e) => setY(clamp(Number(e.target.value)))} />
          <div className="nudge" role="group" aria-label="Nudge Y">
            <button type="button" onClick={() => nudge('y', -STEP)}><span aria-hidden="true">↑</span> up</button>
            <button type="button" onClick={() => nudge('y', STEP)}>down <span aria-hidden="true">↓</span></button>
          </div>
        </div>
        <button
          type="button"
          disabled={!printer || busy !== null}
          onClick={() => void run('Printing the test envelope', (b) => b.printTestEnvelope({ printerId, offsetsMm: { x, y } }), () => 'Test envelope sent. Check the marks.').then((r) => r && setTestPrinted(true))}
        >
          Print test envelope
        </button>
      </section>
      <section className="card" aria-labelledby="save-h">
        <h2 id="save-h">3. Save</h2>
        <button type="button" className="primary" disabled={!printer || !testPrinted || busy !== null} onClick={() => void save(true)}>
          The marks line up — save
        </button>{' '}
        <button type="button" disabled={!printer || !testPrinted || busy !== null} onClick={() => void save(false)}>
          They do not line up — save as failed
        </button>
      </section>
    </main>
  );
}

/** @jsxRuntime automatic @jsxImportSource react */
/** A labelled printer picker that marks paper printers which have not passed setup. */
import { useId } from 'react';
import type { Printer } from '../../shared/contract.ts';

export function printerLabel(p: Printer): string {
  if (p.sink === 'file') return `${p.name} (saves PDF files)`;
  return `${p.name}${p.setupPassed ? '' : ' — not set up yet'}`;
}

export function PrinterSelect({ printers, value, onChange, label = 'Printer' }: { printers: Printer[]; value: string; onChange(id: string): void; label?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose a printer…</option>
        {printers.map((p) => (
          <option key={p.id} value={p.id}>
            {printerLabel(p)}
          </option>
        ))}
      </select>
    </div>
  );
}

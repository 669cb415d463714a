/** @jsxRuntime automatic @jsxImportSource react */
/** A new batch: the return address, what every piece shares, and the recipients' CSV file. */
import { useEffect, useState } from 'react';
import { checkWeight } from '@vbi/protocol';
import type { BatchSettings, MailAddress } from '../../shared/contract.ts';
import { LABEL_CHOICES } from '../../shared/label-choices.ts';
import { blankAddress, isConfirmed, lastMailDate, todayUtc, type AddressCheck, type MailClass } from '../store/compose-draft.ts';
import { AddressFields } from './AddressFields.tsx';
import { Field } from './Field.tsx';
import { LabelSelect, MailClassSelect, WeightFields } from './PieceOptions.tsx';

export function BatchSetup({ savedReturn, disabled, onImport }: { savedReturn: MailAddress | null; disabled: boolean; onImport(csv: string, settings: BatchSettings): void }) {
  const [from, setFrom] = useState<[MailAddress, AddressCheck]>([blankAddress(), 'unchecked']);
  const [mailClass, setMailClass] = useState<MailClass>('first-class-letter');
  const [weight, setWeight] = useState({ lb: '', oz: '1' });
  const [mailDate, setMailDate] = useState(todayUtc());
  const [label, setLabel] = useState('envelope-10');
  const [file, setFile] = useState<File | null>(null);

  useEffect(() => {
    if (savedReturn) setFrom(([typed, check]) => (check === 'unchecked' && typed.street === '' ? [savedReturn, 'saved'] : [typed, check]));
  }, [savedReturn]);

  const w = checkWeight(weight);
  const problem = !isConfirmed(from[1])
    ? 'Confirm the return address (pick a suggestion, or “Use as entered”).'
    : !w.ok
      ? w.message
      : mailDate < todayUtc() || mailDate > lastMailDate()
        ? 'Pick a mailing date from today to 7 days ahead.'
        : file === null
          ? 'Choose the CSV file of recipients.'
          : null;

  const start = async () => {
    if (!file || !w.ok) return;
    const choice = LABEL_CHOICES.find((c) => c.id === label) ?? LABEL_CHOICES[0]!;
    onImport(await file.text(), { from: from[0], mailClass, weightOz: w.value, mailDate, layout: choice.layout, ...(choice.sheet ? { sheet: choice.sheet } : {}) });
  };

  return (
    <section className="card" aria-labelledby="batch-new-h">
      <h2 id="batch-new-h">New batch</h2>
      <AddressFields title="Return address" value={from[0]} check={from[1]} onChange={(v, c) => setFrom([v, c])} />
      <div className="row">
        <MailClassSelect value={mailClass} onChange={setMailClass} />
        <Field label="Mailing date" type="date" value={mailDate} min={todayUtc()} max={lastMailDate()} onChange={(e) => setMailDate(e.target.value)} />
        <LabelSelect value={label} onChange={setLabel} />
      </div>
      <WeightFields legend="Weight of each piece (unless the file gives one)" lb={weight.lb} oz={weight.oz} onChange={setWeight} />
      <Field
        label="Recipients (CSV file)"
        type="file"
        accept=".csv,text/csv"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        hint="An export from Pirate Ship or Shopify, or any CSV with Name, Address, City, State and Zip columns (Order ID, Pounds and Ounces too, if you have them)."
      />
      {problem ? <p className="hint">{problem}</p> : null}
      <button type="button" className="primary" disabled={disabled || problem !== null} onClick={() => void start()}>
        Check addresses
      </button>
    </section>
  );
}

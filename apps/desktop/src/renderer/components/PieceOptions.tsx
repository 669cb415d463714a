/** @jsxRuntime automatic @jsxImportSource react */
/** The piece's choices that Compose and the batch screen share: mail class, weight in lb + oz, what it prints on. */
import { useId } from 'react';
import type { MailClass } from '@vbi/protocol';
import { LABEL_CHOICES } from '../../shared/label-choices.ts';
import { MAIL_CLASS_CHOICES } from '../../shared/mail-classes.ts';
import { Field } from './Field.tsx';

export function MailClassSelect({ value, onChange }: { value: MailClass; onChange(mailClass: MailClass): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Mail class</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as MailClass)}>
        {MAIL_CLASS_CHOICES.map(([v, info]) => (
          <option key={v} value={v}>
            {info.uiLabel}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Pounds and ounces as typed (either may be blank); `legend` names the weight (e.g. each piece's in a batch). */
export function WeightFields({ lb, oz, onChange, legend = 'Weight' }: { lb: string; oz: string; onChange(w: { lb: string; oz: string }): void; legend?: string }) {
  return (
    <fieldset className="row weight">
      <legend>{legend}</legend>
      <Field label="Pounds" type="number" min="0" max="70" step="1" value={lb} onChange={(e) => onChange({ lb: e.target.value, oz })} />
      <Field label="Ounces" type="number" min="0" max="15.99" step="any" value={oz} onChange={(e) => onChange({ lb, oz: e.target.value })} />
    </fieldset>
  );
}

export function LabelSelect({ value, onChange }: { value: string; onChange(id: string): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Print on</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {LABEL_CHOICES.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

type Dims = { length: string; width: string; height: string };

/** Package measurements in inches: over 1 cubic foot, the dimensional weight may set the price. */
export function DimensionFields({ value, onChange }: { value: Dims; onChange(d: Dims): void }) {
  const side = (key: keyof Dims, label: string) => (
    <Field label={label} type="number" min="0" max="130" step="any" value={value[key]} onChange={(e) => onChange({ ...value, [key]: e.target.value })} />
  );
  return (
    <fieldset className="row">
      <legend>Package size (inches, optional)</legend>
      {side('length', 'Length')}
      {side('width', 'Width')}
      {side('height', 'Height')}
    </fieldset>
  );
}

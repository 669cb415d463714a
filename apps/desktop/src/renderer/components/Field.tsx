/** @jsxRuntime automatic @jsxImportSource react */
/** A labelled input: every input in the app has a visible label tied to it. */
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  hint?: ReactNode;
}

export function Field({ label, hint, ...input }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hintId} {...input} />
      {hint ? (
        <div id={hintId} className="hint">
          {hint}
        </div>
      ) : null}
    </div>
  );
}

/** @jsxRuntime automatic @jsxImportSource react */
/** Fixing one row of a batch: its address (checked like Compose's) and its own weight. */
import { useState } from 'react';
import { checkWeight, toPoundsOunces } from '@vbi/protocol';
import type { BatchRow, MailAddress } from '../../shared/contract.ts';
import type { AddressCheck } from '../store/compose-draft.ts';
import { AddressFields } from './AddressFields.tsx';
import { WeightFields } from './PieceOptions.tsx';

export function BatchRowEditor({ row, disabled, onSave, onCancel }: { row: BatchRow; disabled: boolean; onSave(to: MailAddress, weightOz: number | null): void; onCancel(): void }) {
  const [to, setTo] = useState<[MailAddress, AddressCheck]>([row.to, 'unchecked']);
  const own = row.weightOz === null ? null : toPoundsOunces(row.weightOz);
  const [weight, setWeight] = useState({ lb: own ? String(own.lb) : '', oz: own ? String(own.oz) : '' });
  const blankWeight = weight.lb.trim() === '' && weight.oz.trim() === '';
  const w = checkWeight(weight);
  return (
    <section className="card" aria-labelledby="batch-edit-h">
      <h2 id="batch-edit-h">Fix line {row.line}</h2>
      <AddressFields title="Delivery address" value={to[0]} check={to[1]} onChange={(v, c) => setTo([v, c])} />
      <WeightFields legend="Its own weight (leave empty for the batch's)" lb={weight.lb} oz={weight.oz} onChange={setWeight} />
      {!blankWeight && !w.ok ? <p className="warn-text">{w.message}</p> : null}
      <div className="row">
        <button type="button" className="primary" disabled={disabled || (!blankWeight && !w.ok)} onClick={() => onSave(to[0], blankWeight || !w.ok ? null : w.value)}>
          Save and check again
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

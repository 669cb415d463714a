/** @jsxRuntime automatic @jsxImportSource react */
/** Picks an address from the address book into a form (it is then checked like a typed one). */
import { useId } from 'react';
import type { AddressBook, MailAddress } from '../../shared/contract.ts';

export function oneLine(a: MailAddress): string {
  return [a.name, [a.street, a.secondary].filter(Boolean).join(' '), [a.city, a.state, a.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

export function AddressPicker({ book, label, onPick }: { book: AddressBook | null; label: string; onPick(a: MailAddress): void }) {
  const id = useId();
  if (!book || book.entries.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value=""
        onChange={(e) => {
          const entry = book.entries.find((x) => x.id === e.target.value);
          if (entry) onPick(entry.address);
        }}
      >
        <option value="">Choose an address…</option>
        {book.entries.map((e) => (
          <option key={e.id} value={e.id}>
            {oneLine(e.address)}
          </option>
        ))}
      </select>
    </div>
  );
}

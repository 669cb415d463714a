/** @jsxRuntime automatic @jsxImportSource react */
/** The address book: saved addresses (add with matching, delete, send a piece to one), CSV import and export, the saved return address. */
import { useState } from 'react';
import type { MailAddress } from '../../shared/contract.ts';
import { blankAddress, isConfirmed, type AddressCheck } from '../store/compose-draft.ts';
import { useApp } from '../store/context.tsx';
import { AddressFields } from './AddressFields.tsx';
import { oneLine } from './AddressPicker.tsx';
import { download } from './download.ts';
import { useAddressBook } from './useAddressBook.ts';

export function AddressBook() {
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const go = useApp((s) => s.go);
  const setDraft = useApp((s) => s.setDraft);
  const { book, setBook } = useAddressBook();
  const [adding, setAdding] = useState<[MailAddress, AddressCheck]>([blankAddress(), 'unchecked']);
  const [skipped, setSkipped] = useState<Array<{ line: number; reason: string }>>([]);

  const save = () =>
    run('Saving the address', (b) => b.saveAddress({ address: adding[0] }), () => `Saved ${adding[0].name || adding[0].street}.`).then((r) => {
      if (!r) return;
      setBook(r);
      setAdding([blankAddress(), 'unchecked']);
    });
  const importFile = async (file: File) => {
    const csv = await file.text();
    const r = await run('Importing addresses', (b) => b.importAddresses({ csv }), (x) => `Imported ${x.added} ${x.added === 1 ? 'address' : 'addresses'}${x.skipped.length ? `; ${x.skipped.length} skipped (listed below)` : ''}.`);
    if (!r) return;
    setBook(r.book);
    setSkipped(r.skipped);
  };
  const exportCsv = () => run('Exporting addresses', (b) => b.exportAddresses({})).then((r) => r && download('vbi-address-book.csv', r.csv));
  const remove = (id: string, label: string) => run('Deleting the address', (b) => b.deleteAddress({ id }), () => `Deleted ${label}.`).then((r) => r && setBook(r));
  const sendTo = (address: MailAddress) => {
    setDraft({ to: address, toCheck: 'unchecked' });
    go('compose');
  };

  return (
    <main>
      <h1>Address book</h1>
      <section className="card" aria-labelledby="return-h">
        <h2 id="return-h">Return address</h2>
        {book?.returnAddress ? (
          <p>
            {oneLine(book.returnAddress)}{' '}
            <button type="button" className="link" disabled={busy !== null} onClick={() => void run('Forgetting the return address', (b) => b.savePreferences({ returnAddress: null }), () => 'The return address is forgotten.').then((r) => r && setBook(r))}>
              Forget it
            </button>
          </p>
        ) : (
          <p className="hint">None saved yet: the return address of your next piece is kept here.</p>
        )}
      </section>
      <section className="card" aria-labelledby="saved-h">
        <h2 id="saved-h">Saved addresses ({book?.entries.length ?? 0})</h2>
        <div className="row">
          <div className="field">
            <label htmlFor="import-csv">Import a CSV file</label>
            <input
              id="import-csv"
              type="file"
              accept=".csv,text/csv"
              aria-describedby="import-hint"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void importFile(file);
              }}
            />
            <span id="import-hint" className="hint">
              Columns: name, street, secondary, city, state, zip (Address1/Address2/Postal Code from other shipping tools work too).
            </span>
          </div>
          <button type="button" disabled={!book || book.entries.length === 0 || busy !== null} onClick={() => void exportCsv()}>
            Export CSV
          </button>
        </div>
        {skipped.length > 0 ? (
          <div className="warn-text" role="note" aria-label="Rows not imported">
            <p>Not imported:</p>
            <ul>
              {skipped.map((s) => (
                <li key={s.line}>
                  Line {s.line}: {s.reason}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {book && book.entries.length > 0 ? (
          <ul className="address-list">
            {book.entries.map((e) => (
              <li key={e.id}>
                <span>{oneLine(e.address)}</span>
                <span className="row">
                  <button type="button" onClick={() => sendTo(e.address)}>
                    Send a piece <span className="sr-only">to {e.address.name || e.address.street}</span>
                  </button>
                  <button type="button" disabled={busy !== null} onClick={() => void remove(e.id, e.address.name || e.address.street)}>
                    Delete <span className="sr-only">{e.address.name || e.address.street}</span>
                  </button>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>No saved addresses yet.</p>
        )}
      </section>
      <section className="card" aria-labelledby="add-h">
        <h2 id="add-h">Add an address</h2>
        <AddressFields title="New address" value={adding[0]} check={adding[1]} onChange={(v, c) => setAdding([v, c])} />
        <button type="button" className="primary" disabled={!isConfirmed(adding[1]) || busy !== null} onClick={() => void save()}>
          Save address
        </button>
        {!isConfirmed(adding[1]) ? <p className="hint">Pick a suggestion, or “Use as entered”, to save it.</p> : null}
      </section>
    </main>
  );
}

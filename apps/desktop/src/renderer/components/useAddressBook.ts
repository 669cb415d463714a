/** The signed-in user's address book (with the saved return address and printer), loaded from the bridge. */
import { useCallback, useEffect, useState } from 'react';
import type { AddressBook } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';

export function useAddressBook(): { book: AddressBook | null; setBook(book: AddressBook): void; reload(): void } {
  const bridge = useApp((s) => s.bridge);
  const [book, setBook] = useState<AddressBook | null>(null);
  const reload = useCallback(() => {
    bridge.addressBook({}).then(setBook, () => setBook(null));
  }, [bridge]);
  useEffect(reload, [reload]);
  return { book, setBook, reload };
}

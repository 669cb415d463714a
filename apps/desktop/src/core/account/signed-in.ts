/**
 * One signed-in account and everything that belongs to it alone: the meter session (HMK,
 * mirror), its history, purchases, address book, and its caches. Signing out or in as someone else drops the whole
 * object, so nothing made for one meter can reach another.
 */
import { AddressBookStore } from '../profile/address-book-store.ts';
import { HistoryStore } from '../profile/history-store.ts';
import { PurchaseLog } from '../profile/purchase-log.ts';
import type { MeterAccount } from './meter-account.ts';

export class SignedInAccount {
  readonly history: HistoryStore;
  readonly purchases: PurchaseLog;
  readonly addressBook: AddressBookStore;
  /** Kind-2 preview samples of this meter, by mail date (a sample carries the date and the meter). */
  readonly previewSamples = new Map<string, Buffer>();

  constructor(readonly meter: MeterAccount) {
    this.history = new HistoryStore(meter.store.dir);
    this.purchases = new PurchaseLog(meter.store.dir);
    this.addressBook = new AddressBookStore(meter.store.dir);
  }

  get username(): string {
    return this.meter.person.username;
  }
}

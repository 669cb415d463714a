/** The signed-in user's address book, saved return address and printer, and purchases (History's receipts). */
import type { AddressBook, CallArgs, CallOutput, Purchase } from '../shared/contract.ts';
import type { Session } from './session.ts';

export class AddressBookService {
  constructor(private readonly session: Session) {}

  addressBook(): AddressBook {
    return this.session.requireAccount().addressBook.read();
  }

  saveAddress(input: CallArgs<'saveAddress'>): AddressBook {
    return this.session.requireAccount().addressBook.save(input.address, input.id);
  }

  deleteAddress(input: CallArgs<'deleteAddress'>): AddressBook {
    return this.session.requireAccount().addressBook.remove(input.id);
  }

  savePreferences(input: CallArgs<'savePreferences'>): AddressBook {
    return this.session.requireAccount().addressBook.setPreferences(input);
  }

  importAddresses(input: CallArgs<'importAddresses'>): CallOutput<'importAddresses'> {
    return this.session.requireAccount().addressBook.importCsv(input.csv);
  }

  exportAddresses(): CallOutput<'exportAddresses'> {
    return { csv: this.session.requireAccount().addressBook.exportCsv() };
  }

  purchases(): Purchase[] {
    return this.session.requireAccount().purchases.list();
  }
}

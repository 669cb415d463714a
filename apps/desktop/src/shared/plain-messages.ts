/**
 * What a person reads when a value they typed is refused, by field: never the validator's text
 * (`body.mailDate: must be …`). Used by the core's host for bridge input, for the vault's own
 * BAD_REQUEST answers that name a body field, and by the screens before they send. Browser-safe.
 */
const FIELD_MESSAGES: Record<string, string> = {
  username: 'A username is 3 to 64 letters, digits, dots, dashes or underscores, without spaces.',
  passphrase: 'A passphrase is 10 to 200 characters long (at most 200 bytes).',
  current: 'Enter your current passphrase.',
  next: 'A new passphrase is 10 to 200 characters long (at most 200 bytes).',
  role: 'Choose admin or clerk.',
  licenseZip: 'Enter the 5-digit ZIP code of the post office where you mail, for example 94102.',
  amountMills: 'Enter an amount in dollars and cents, for example 25 or 25.50.',
  amount: 'Enter an amount in dollars and cents, for example 25 or 25.50.',
  weightOz: 'Enter the weight in ounces: more than 0, at most 1120 (70 lb).',
  mailDate: 'Pick a mailing date from today to 7 days ahead.',
  zip: 'A ZIP code is 5 digits, or 5 + 4 like 94102-1234.',
  toZip: 'The delivery ZIP code is 5 digits, or 5 + 4 like 94102-1234.',
  fromZip: 'The return ZIP code is 5 digits.',
  destinationZip: 'The delivery ZIP code is 5 digits, or 5 + 4 like 94102-1234.',
  street: 'Enter the street address (at most 100 characters).',
  name: 'A name is at most 64 characters.',
  secondary: 'The apartment or suite is at most 64 characters.',
  city: 'A city is at most 64 characters.',
  state: 'Enter the state as its 2-letter abbreviation, like CA.',
  printerId: 'Choose a printer.',
  x: 'Offsets go from −25 mm to 25 mm.',
  y: 'Offsets go from −25 mm to 25 mm.',
  media: 'Choose the paper or label the printer takes.',
  vaultUrl: 'The postage service address starts with ws:// or wss://.',
  pieceNumber: 'That piece number is not one of this meter’s pieces.',
  csv: 'The file is too large to import (at most 2 MB).',
  priceMills: 'Get the price of the piece first: the price you confirm is the price charged.',
  confirmedTotalMills: 'Price the batch first: the total you confirm is the most it charges.',
  layout: 'Choose what to print on.',
  sheet: 'A sheet of two labels takes 4×6 labels only.',
  length: 'Measurements are in inches: each more than 0 and at most 130.',
  width: 'Measurements are in inches: each more than 0 and at most 130.',
  height: 'Measurements are in inches: each more than 0 and at most 130.',
};

/** The sentence for a refused field, given the path the validator reported (`["to", "zip"]`). */
export function plainFieldMessage(path: ReadonlyArray<PropertyKey>): string {
  const field = [...path].reverse().find((p): p is string => typeof p === 'string' && Object.hasOwn(FIELD_MESSAGES, p));
  const where = path[0] === 'to' ? 'Delivery address: ' : path[0] === 'from' ? 'Return address: ' : '';
  return field === undefined ? 'Some of what was entered is not valid. Check the form and try again.' : `${where}${FIELD_MESSAGES[field]}`;
}

/** A vault refusal that names a body field (`body.mailDate: must be …`) in plain words; other text as it is. */
export function plainVaultMessage(message: string): string {
  const m = /^body\.([A-Za-z0-9_.]+)\s*:/.exec(message);
  return m ? plainFieldMessage(m[1]!.split('.')) : message;
}

/** Recipients from the CSV files shippers have: Shopify's order export, Pirate Ship's spreadsheet columns, any order and case. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_BATCH_ROWS, parseRecipients } from '../../../src/core/batch/recipients-csv.ts';
import { mailAddressSchema } from '../../../src/shared/contract.ts';

// The header of Shopify's orders export (Orders → Export → CSV), shortened to the columns around the address.
const SHOPIFY = [
  'Name,Email,Financial Status,Lineitem quantity,Lineitem name,Billing Name,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone',
  "#1001,pat@example.com,paid,1,Mug,Pat Doe,Pat Doe,2175 Kittredge St,2175 Kittredge St,,,Berkeley,'94704,CA,US,",
  '#1001,,,2,Coaster,,,,,,,,,,,',
  "#1002,lee@example.com,paid,1,Tea,Lee Roe,Lee Roe,1 Federal St Apt 4,1 Federal St,Apt 4,Acme Inc,Boston,'02110,MA,US,",
  '#1003,kim@example.com,paid,1,Cup,Kim Poe,Kim Poe,10 Queen St W,10 Queen St W,,,Toronto,M5H 2N2,ON,CA,',
].join('\r\n');

test("Shopify's export: Name is the order, the address is the Shipping columns; line items fold into their order; ZIPs lose the apostrophe", () => {
  const { recipients, skipped } = parseRecipients(SHOPIFY);
  assert.deepEqual(skipped, []);
  assert.equal(recipients.length, 3, 'the second line of #1001 is a line item, not a recipient');
  const [pat, lee, kim] = recipients;
  assert.deepEqual(pat, { line: 2, order: '#1001', to: { name: 'Pat Doe', street: '2175 Kittredge St', secondary: '', city: 'Berkeley', state: 'CA', zip: '94704' }, weightOz: null, problem: null, note: null });
  assert.equal(lee?.to.secondary, 'Apt 4');
  assert.equal(lee?.to.zip, '02110');
  assert.equal(lee?.to.name, 'Lee Roe', 'the person, not the company, when both are given');
  assert.match(kim?.problem ?? '', /^This postage is for US addresses; the country is CA\./);
  assert.equal(kim?.to.zip, '', 'a postcode that is no ZIP is not carried as one');
  for (const r of recipients) assert.equal(mailAddressSchema.safeParse(r.to).success, true, `line ${r.line}: a row the review table can hold`);
});

test('Pirate Ship spreadsheet columns in another order and case, with weights in pounds and ounces; a lost leading zero is put back and said', () => {
  const csv = ['order id,ZIPCODE,State,City,address 2,ADDRESS,Name,Pounds,Ounces', 'A-7,2134,ma,Allston,,5 N Harvard St,Sam Poe,1,4', 'A-8,10118,NY,New York,Fl 20,350 5th Ave,Ann Lee,,9.5'].join('\n');
  const { recipients } = parseRecipients(csv);
  assert.deepEqual(
    recipients.map((r) => [r.order, r.to.zip, r.to.state, r.to.secondary, r.weightOz]),
    [
      ['A-7', '02134', 'MA', '', 20],
      ['A-8', '10118', 'NY', 'Fl 20', 9.5],
    ],
  );
  assert.match(recipients[0]?.note ?? '', /ZIP 2134 read as 02134/);
});

test('first and last name columns, a company alone, and per-row problems in plain words', () => {
  const csv = [
    'First Name,Last Name,Company,Address 1,City,State,Postal Code,Weight (oz)',
    'Ada,Byron,,1 Market St,San Francisco,CA,94105,3',
    ',,Acme Inc,1 Market St,San Francisco,CA,94105,',
    'No,Street,,,San Francisco,CA,94105,2',
    'No,Zip,,1 Main St,Springfield,IL,,2',
    'Too,Heavy,,1 Main St,Springfield,IL,62701,2000',
    'Bad,Zip,,1 Main St,Springfield,IL,6270X,2',
  ].join('\n');
  const { recipients } = parseRecipients(csv);
  assert.equal(recipients[0]?.to.name, 'Ada Byron');
  assert.equal(recipients[1]?.to.name, 'Acme Inc');
  assert.deepEqual(
    recipients.slice(2).map((r) => r.problem),
    ['Add the street address.', 'Add the ZIP code.', 'Weight: USPS takes pieces up to 70 lb; this one weighs 125 lb.', 'A ZIP code is 5 digits, or 5 + 4 like 94102-1234. The file has “6270X”.'],
  );
  assert.ok(recipients.slice(2).every((r) => !/must|Too big|invalid/i.test(r.problem ?? '')), 'never validator text');
});

test('a file with no recipients, or more than a batch holds, is refused as a whole with what to do', () => {
  assert.throws(() => parseRecipients('Foo,Bar\n1,2\n'), /No recipients found in this file/);
  const many = ['Name,Address,City,State,Zip', ...Array.from({ length: MAX_BATCH_ROWS + 1 }, (_, i) => `P ${i},${i + 1} Main St,Springfield,IL,62701`)].join('\n');
  assert.throws(() => parseRecipients(many), new RegExp(`at most ${MAX_BATCH_ROWS} pieces; this file has ${MAX_BATCH_ROWS + 1}`));
});

test('a line the CSV reader cannot read is listed with its line number; the rest still come in', () => {
  const csv = 'Name,Address,City,State,Zip\nAda,1 Market St,San Francisco,CA,94105\n"Unclosed,2 Market St,San Francisco,CA,94105\n';
  const { recipients, skipped } = parseRecipients(`${csv}`);
  assert.ok(recipients.length >= 1);
  assert.ok(skipped.length >= 1 && skipped.every((s) => s.line >= 2));
});

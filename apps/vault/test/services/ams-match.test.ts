import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { Standardizer } from '../../src/services/ams/standardize.ts';
import { damagedAddressSet, listAddresses, misspelledWordSet, openSupportServices, type SupportServices } from '../../src/services/index.ts';
import { loadPub28FromCsv } from '../../src/services/reference/pub28.ts';
import { assertQuality, initDataDir, matchQuality, removeDir, SHARED, tempDir } from './support-fixture.ts';

describe('address matching on the shipped region', () => {
  let root: string;
  let services: SupportServices;
  let dataDir: string;

  before(async () => {
    root = tempDir('ams');
    dataDir = await initDataDir(root);
    services = openSupportServices({ dataDir });
  });
  after(() => {
    services.close();
    removeDir(root);
  });

  it('answers an address typed exactly as standardized with status exact', () => {
    const answer = services.amsMatch({ street: '7 OCTAVIA ST', city: 'SAN FRANCISCO', state: 'CA', zip: '94102' });
    assert.equal(answer.status, 'exact');
    assert.deepEqual(answer.candidates[0], {
      address: { street: '7 OCTAVIA ST', secondary: '', city: 'SAN FRANCISCO', state: 'CA', zip: '94102' },
      matchType: 'exact',
      score: 1,
    });
  });

  it('calls an address that only needed Pub 28 standardisation "standardized"', () => {
    const answer = services.amsMatch({ street: '7 octavia street', city: 'San Francisco', state: 'California', zip: '94102' });
    assert.equal(answer.status, 'corrected');
    assert.equal(answer.candidates[0]?.matchType, 'standardized');
    assert.equal(answer.candidates[0]?.address.street, '7 OCTAVIA ST');
  });

  it('reads zero-padded numbered streets and county type codes from the data in Pub 28 form', () => {
    const ninth = services.amsMatch({ street: '40 Ninth Street', city: 'San Francisco', state: 'CA' });
    const stored = listAddresses(dataDir).find((a) => a.street.endsWith(' 9TH ST') && a.secondary === '');
    assert.ok(stored, 'the shipped data has 09TH ST addresses');
    const exact = services.amsMatch({ ...stored, secondary: '' });
    assert.equal(exact.status, 'exact');
    assert.notEqual(ninth.status, 'exact');
    const avenue = services.amsMatch({ street: '1747 4th Avenue', city: 'Oakland', state: 'CA', zip: '94606' });
    assert.equal(avenue.candidates[0]?.address.street, '1747 4TH AVE');
  });

  it('never calls a house number that is not on the street exact', () => {
    const answer = services.amsMatch({ street: '9999 OCTAVIA ST', city: 'SAN FRANCISCO', state: 'CA', zip: '94102' });
    assert.equal(answer.status, 'ambiguous');
    assert.equal(answer.candidates[0]?.matchType, 'number_not_found');
    assert.equal(answer.candidates[0]?.address.street, '9999 OCTAVIA ST');
    assert.ok(answer.candidates.every((c) => c.matchType !== 'exact'));
  });

  it('answers not_found when nothing plausible matches', () => {
    for (const street of ['1 Nowhere Lane', 'Octavia St', '12 Qwxzv Blvd']) {
      const { status, candidates } = services.amsMatch({ street, zip: '94102' });
      assert.deepEqual({ status, candidates }, { status: 'not_found', candidates: [] }, street);
    }
  });

  it('corrects ZIP, city and street spelling, and says which', () => {
    const zip = services.amsMatch({ street: '7 Octavia St', city: 'San Francisco', state: 'CA', zip: '94103' });
    assert.equal(zip.candidates[0]?.matchType, 'zip_corrected');
    assert.equal(zip.candidates[0]?.address.zip, '94102');
    // A ZIP left empty and filled in is a completion, not a correction (issue 15, defect 7).
    const noZip = services.amsMatch({ street: '7 Octavia St', city: 'San Francisco' });
    assert.equal(noZip.candidates[0]?.matchType, 'standardized');
    assert.equal(noZip.candidates[0]?.address.zip, '94102');
    const city = services.amsMatch({ street: '7 Octavia St', city: 'San Fransisco', state: 'CA', zip: '94102' });
    assert.equal(city.candidates[0]?.matchType, 'city_corrected');
    assert.equal(city.candidates[0]?.address.city, 'SAN FRANCISCO');
    const street = services.amsMatch({ street: '7 Octavai St', city: 'San Francisco', state: 'CA', zip: '94102' });
    assert.equal(street.status, 'corrected');
    assert.equal(street.candidates[0]?.matchType, 'street_corrected');
    assert.equal(street.candidates[0]?.address.street, '7 OCTAVIA ST');
    assert.ok(street.candidates[0]!.score < 1);
  });

  it('ranks the right street above similar ones and returns at most 10 candidates', () => {
    const answer = services.amsMatch({ street: '1747 4th Ave', city: 'Oakland', state: 'CA', zip: '94606' });
    assert.equal(answer.candidates[0]?.address.street, '1747 4TH AVE');
    for (let i = 1; i < answer.candidates.length; i++) {
      assert.ok(answer.candidates[i - 1]!.score >= answer.candidates[i]!.score, 'best first');
    }
    const wide = services.amsMatch({ street: '100 St' });
    assert.ok(wide.candidates.length <= 10);
  });

  it('keeps units written as #5, APT 5, Apt. 5 or in the unit field', () => {
    const unitAddress = listAddresses(dataDir).find((a) => /^# [0-9]+$/.test(a.secondary));
    assert.ok(unitAddress);
    const value = unitAddress.secondary.slice(2);
    const base = { city: unitAddress.city, state: unitAddress.state, zip: unitAddress.zip };
    const forms: Array<[{ street: string; secondary?: string }, string]> = [
      [{ street: `${unitAddress.street} #${value}` }, `# ${value}`],
      [{ street: `${unitAddress.street} APT ${value}` }, `APT ${value}`],
      [{ street: unitAddress.street, secondary: `Apt. ${value}` }, `APT ${value}`],
      [{ street: unitAddress.street, secondary: value }, `# ${value}`],
    ];
    for (const [input, secondary] of forms) {
      const first = services.amsMatch({ ...input, ...base }).candidates[0];
      assert.equal(first?.address.street, unitAddress.street, JSON.stringify(input));
      assert.equal(first?.address.secondary, secondary, JSON.stringify(input));
    }
  });

  it('keeps the letter of a house number, however it is typed', () => {
    const base = { city: 'San Francisco', state: 'CA', zip: '94103' };
    const exact = services.amsMatch({ street: '769A TEHAMA ST', city: 'SAN FRANCISCO', state: 'CA', zip: '94103' });
    assert.equal(exact.status, 'exact');
    for (const street of ['769 A Tehama St', '769-a tehama street', '769a Tehama']) {
      assert.equal(services.amsMatch({ street, ...base }).candidates[0]?.address.street, '769A TEHAMA ST', street);
    }
    assert.equal(services.amsMatch({ street: '769 Tehama St', ...base }).candidates[0]?.address.street, '769 TEHAMA ST');
    const king = services.amsMatch({ street: '1749 M L King Jr Way', city: 'Berkeley', state: 'CA', zip: '94709' });
    assert.equal(king.status, 'exact');
  });

  it('finds a unit whatever the spaces in its value, and answers it as the data writes it', () => {
    const unitAddress = listAddresses(dataDir).find((a) => /^# [0-9]+ [A-Z]$/.test(a.secondary));
    assert.ok(unitAddress, 'the shipped data has units such as 309 A');
    const value = unitAddress.secondary.slice(2);
    const first = services.amsMatch({ ...unitAddress, street: `${unitAddress.street} #${value.replace(' ', '')}`, secondary: '' }).candidates[0];
    assert.deepEqual(first?.address, unitAddress);
  });

  it('finds the right address first for ≥ 95 % of damaged real addresses, for every kind of damage', () => {
    const set = damagedAddressSet(listAddresses(dataDir), 3000, 20261124);
    assert.equal(set.length, 3000);
    assert.ok(set.filter((d) => d.damage.includes('street typo')).length > 600, 'the set really is damaged');
    assertQuality('shipped region', matchQuality(services, set), set.length);
  });

  it('reads a misspelled suffix as the nearest Pub 28 suffix: 650 turk stret, 1747 4th Avtnue', () => {
    const turk = services.amsMatch({ street: '650 turk stret', city: 'San Francisco', zip: '94102' });
    assert.equal(turk.candidates[0]?.address.street, '650 TURK ST');
    assert.equal(turk.candidates[0]?.matchType, 'street_corrected');
    const avenue = services.amsMatch({ street: '1747 4th Avtnue', city: 'Oakland', state: 'CA', zip: '94606' });
    assert.equal(avenue.candidates[0]?.address.street, '1747 4TH AVE');
  });

  it('matches a whole address typed into the street field, with or without commas', () => {
    for (const street of ['7 Octavia St, San Francisco, CA 94102', '7 octavia street san francisco ca 94102', '7 Octavia St, San Francisco']) {
      const first = services.amsMatch({ street }).candidates[0];
      assert.deepEqual(first?.address, { street: '7 OCTAVIA ST', secondary: '', city: 'SAN FRANCISCO', state: 'CA', zip: '94102' }, street);
    }
  });

  it('says when a building has units and none was given; not when one was', () => {
    const bare = services.amsMatch({ street: '650 Turk St', city: 'San Francisco', state: 'CA', zip: '94102' });
    assert.equal(bare.candidates[0]?.address.street, '650 TURK ST');
    assert.equal(bare.candidates[0]?.unitMissing, true);
    const withUnit = services.amsMatch({ street: '650 Turk St', secondary: '504', city: 'San Francisco', state: 'CA', zip: '94102' });
    assert.equal(withUnit.candidates[0]?.unitMissing, undefined);
    const house = services.amsMatch({ street: '7 Octavia St', city: 'San Francisco', state: 'CA', zip: '94102' });
    assert.equal(house.candidates[0]?.unitMissing, undefined);
  });

  it("answers the ZIP reference's city and state for the ZIP asked about, whatever the street", () => {
    const known = { zip: '94102', city: 'SAN FRANCISCO', state: 'CA' };
    assert.deepEqual(services.amsMatch({ street: '7 Octavia St', zip: '94102' }).zipInfo, known);
    assert.deepEqual(services.amsMatch({ street: '-', zip: '94102-1234' }), { status: 'not_found', candidates: [], zipInfo: known });
    assert.equal(services.amsMatch({ street: '-', zip: '00000' }).zipInfo, undefined, 'not a US ZIP');
    assert.equal(services.amsMatch({ street: '7 Octavia St', city: 'San Francisco' }).zipInfo, undefined, 'no ZIP asked about');
  });

  it('refuses a licensing ZIP the ZIP reference does not know', () => {
    assert.throws(() => services.checkLicenseZip('00000'), { code: 'BAD_REQUEST', message: /^ZIP 00000 is not a US ZIP code\./ });
    services.checkLicenseZip('94102');
  });

  it('finds the right address first for ≥ 95 % of misspelled suffixes and directionals and of whole addresses in the street field', () => {
    const std = new Standardizer(loadPub28FromCsv(join(SHARED, 'usps')));
    const set = misspelledWordSet(listAddresses(dataDir), 900, 20261201, (w) => std.suffixAbbr(w) !== undefined);
    assert.ok(set.length > 850);
    assertQuality('misspelled words, whole addresses', matchQuality(services, set), set.length);
  });

  it('makes the same damaged set from the same seed', () => {
    const all = listAddresses(dataDir);
    assert.deepEqual(damagedAddressSet(all, 50, 7), damagedAddressSet(all, 50, 7));
    assert.notDeepEqual(damagedAddressSet(all, 50, 7), damagedAddressSet(all, 50, 8));
  });
});

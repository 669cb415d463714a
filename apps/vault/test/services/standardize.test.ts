import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatStreet, formatUnit, Standardizer } from '../../src/services/ams/standardize.ts';
import { loadPub28FromCsv } from '../../src/services/reference/pub28.ts';
import { SHARED } from './support-fixture.ts';

const std = new Standardizer(loadPub28FromCsv(join(SHARED, 'usps')));
const line = (text: string) => {
  const l = std.deliveryLines(text)[0];
  return l === undefined ? null : `${l.number} ${formatStreet(l.street)}|${formatUnit(l.unit)}`;
};

describe('Publication 28 standardiser', () => {
  it('also reads a misspelled suffix or spelled-out directional as the nearest Pub 28 word, and counts it', () => {
    const readings = (text: string) => std.deliveryLines(text).map((l) => `${l.number} ${formatStreet(l.street)}/${l.corrected}`);
    assert.deepEqual(readings('650 turk stret'), ['650 TURK STRET/0', '650 TURK ST/1']);
    assert.deepEqual(readings('100 Grand Avtnue'), ['100 GRAND AVTNUE/0', '100 GRAND AVE/1']);
    assert.deepEqual(readings('100 Main St Nothwest'), ['100 MAIN ST NOTHWEST/0', '100 MAIN ST NW/1', '100 MAIN ST SW/1'], 'closest first');
    assert.deepEqual(readings('5 Soth Van Ness Ave'), ['5 SOTH VAN NESS AVE/0', '5 S VAN NESS AVE/1']);
    assert.deepEqual(readings('650 Turk St'), ['650 TURK ST/0'], 'nothing to correct: one reading');
    assert.deepEqual(readings('12 Sky Ln'), ['12 SKY LN/0'], 'short words are never guessed at');
  });

  it('standardises delivery lines', () => {
    const cases: Array<[string, string | null]> = [
      ['650 Turk St', '650 TURK ST|'],
      ['650 turk street', '650 TURK ST|'],
      ['650 Turk St.', '650 TURK ST|'],
      ['  650   TURK    Street  ', '650 TURK ST|'],
      ['2127 Broadway', '2127 BROADWAY|'],
      ['100 Grand Avenue', '100 GRAND AVE|'],
      ['100 GRAND AV', '100 GRAND AVE|'],
      ['100 Grand Aven', '100 GRAND AVE|'],
      ['3450 Foothill Boulevard', '3450 FOOTHILL BLVD|'],
      ['3450 FOOTHILL BL', '3450 FOOTHILL BLVD|'],
      ['3450 Foothill Blvd.', '3450 FOOTHILL BLVD|'],
      ['10 PARK VIEW TR', '10 PARK VIEW TER|'],
      ['10 Parkview Terrace', '10 PARKVIEW TER|'],
      ['10 PARKVIEW TE', '10 PARKVIEW TER|'],
      ['1 KAISER PZ', '1 KAISER PLZ|'],
      ['1 Kaiser Plaza', '1 KAISER PLZ|'],
      ['22 BODEN WY', '22 BODEN WAY|'],
      ['22 Boden Way', '22 BODEN WAY|'],
      ['40 09TH ST', '40 9TH ST|'],
      ['40 9th Street', '40 9TH ST|'],
      ['40 Ninth Street', '40 9TH ST|'],
      ['40 007TH ST', '40 7TH ST|'],
      ['1200 E 12TH ST', '1200 E 12TH ST|'],
      ['1200 East 12th Street', '1200 E 12TH ST|'],
      ['300 South Van Ness Avenue', '300 S VAN NESS AVE|'],
      ['300 Market St North', '300 MARKET ST N|'],
      ['1 Northwest Main Street Southeast', '1 NW MAIN ST SE|'],
      ['50 N St', '50 N ST|'],
      ['32A Elgin Park', '32A ELGIN PARK|'],
      ['32a elgin park', '32A ELGIN PARK|'],
      ['32-A Elgin Park', '32A ELGIN PARK|'],
      ['32 A Elgin Park', '32A ELGIN PARK|'],
      ['12 B St', '12 B ST|'],
      ['12 E Grand Ave', '12 E GRAND AVE|'],
      ['1234 1/2 Main St', '1234 1/2 MAIN ST|'],
      ["85 O'Farrell St", '85 OFARRELL ST|'],
      ['Turk St', null],
      ['', null],
    ];
    for (const [input, expected] of cases) assert.equal(line(input), expected, input);
  });

  it('reads a letter after the house number both ways when it could be either', () => {
    const readings = (text: string) => std.deliveryLines(text).map((l) => `${l.number} ${formatStreet(l.street)}`);
    assert.deepEqual(readings('769 A Tehama St'), ['769A TEHAMA ST', '769 A TEHAMA ST']);
    assert.deepEqual(readings('1749 M L King Jr Way'), ['1749M L KING JR WAY', '1749 M L KING JR WAY']);
    assert.deepEqual(readings('12 B St'), ['12 B ST']);
    assert.deepEqual(readings('Tehama St'), []);
  });

  it('writes house numbers of address records as typed input reads them', () => {
    const cases: Array<[string, string]> = [
      ['769', '769'],
      ['769 A', '769A'],
      ['769a', '769A'],
      ['769-A', '769A'],
      ['2510 1/2', '2510 1/2'],
      ['123-125', '123-125'],
      [' 0769 ', '0769'],
      ['A12', ''],
      ['', ''],
    ];
    for (const [input, expected] of cases) assert.equal(std.houseNumber(input), expected, input);
  });

  it('splits units off the delivery line in every common spelling', () => {
    const cases: Array<[string, string]> = [
      ['650 Turk St #5', '650 TURK ST|# 5'],
      ['650 Turk St # 5', '650 TURK ST|# 5'],
      ['650 Turk St, #5', '650 TURK ST|# 5'],
      ['650 Turk St Apt 5', '650 TURK ST|APT 5'],
      ['650 Turk St Apt. 5', '650 TURK ST|APT 5'],
      ['650 turk st apartment 5', '650 TURK ST|APT 5'],
      ['650 Turk St UNIT 5', '650 TURK ST|UNIT 5'],
      ['650 Turk St Suite 200', '650 TURK ST|STE 200'],
      ['650 Turk St Apt #5', '650 TURK ST|APT 5'],
      ['650 Turk St, Unit # 5 B', '650 TURK ST|UNIT 5 B'],
      ['650 Turk St apt5', '650 TURK ST|APT 5'],
      ['650 Turk St STE200B', '650 TURK ST|STE 200B'],
      ['650 Turk St Ste. 200', '650 TURK ST|STE 200'],
      ['650 Turk St Fl 3', '650 TURK ST|FL 3'],
      ['650 Turk St Rear', '650 TURK ST|REAR'],
      ['650 Turk St Basement', '650 TURK ST|BSMT'],
      ['135 Valencia St #309 A', '135 VALENCIA ST|# 309 A'],
      ['650 Turk St 5', '650 TURK ST|# 5'],
      ['252 Wayne Ave D', '252 WAYNE AVE|# D'],
      ['650 Front St', '650 FRONT ST|'],
      ['12 Lot Rd', '12 LOT RD|'],
      ['300 Market St E', '300 MARKET ST E|'],
    ];
    for (const [input, expected] of cases) assert.equal(line(input), expected, input);
  });

  it('standardises separate unit fields', () => {
    const cases: Array<[string, string]> = [
      ['#5', '# 5'],
      ['# 5', '# 5'],
      ['Apt 5', 'APT 5'],
      ['apt. 5', 'APT 5'],
      ['Unit 5', 'UNIT 5'],
      ['5', '# 5'],
      ['Suite 210 C', 'STE 210 C'],
      ['Penthouse', 'PH'],
      ['trailer 12', 'TRLR 12'],
      ['Apt #5', 'APT 5'],
      ['apt5', 'APT 5'],
      ["RESID'L", '# RESIDL'],
    ];
    for (const [input, expected] of cases) assert.equal(formatUnit(std.unit(input)), expected, input);
    assert.equal(std.unit('   '), null);
  });

  it('standardises city, state and ZIP', () => {
    assert.equal(std.city('  San   Francisco, '), 'SAN FRANCISCO');
    assert.equal(std.city('st. helena'), 'ST HELENA');
    assert.equal(std.state('California'), 'CA');
    assert.equal(std.state('calif.') , 'CALIF');
    assert.equal(std.state('ca'), 'CA');
    assert.equal(std.state('District of Columbia'), 'DC');
    assert.equal(std.state('Palau'), 'PW');
    assert.equal(std.zip('94102'), '94102');
    assert.equal(std.zip(' 94102-1234 '), '94102');
    assert.equal(std.zip('941021234'), '94102');
    assert.equal(std.zip('9410'), null);
    assert.equal(std.zip('94102-12'), null);
    assert.equal(std.zip('ABCDE'), null);
  });
});

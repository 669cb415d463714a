import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  assembleIndicium,
  decodeIndicium,
  destinationZipToUint,
  encodeSignedPart,
  formatDeviceId,
  INDICIUM_LENGTH,
  IndiciumError,
  mailDateToUint,
  SIGNED_LENGTH,
  signIndicium,
  uintToDestinationZip,
  uintToMailDate,
  type IndiciumFields,
} from '../src/index.ts';
import { POSTAGE_FIELDS, TEST_PRINT_FIELDS } from './fixtures.ts';

// Each integer field holds distinct bytes, so a swapped or misplaced field changes the hex.
const GOLDEN_FIELDS: IndiciumFields = {
  certSerial: 0x01020304,
  vendorId: 0x0506,
  model: 0x0708,
  psdSerial: 0x090a0b0c,
  ar: 0x0d0e0f1011,
  postage: 0x121314,
  mailDate: 20261124,
  originZip: 94102,
  softwareId: 1,
  pieceNumber: 0x15161718,
  dr: 0x191a1b1c,
  rateCategory: 'PRIO',
  destinationZip: 941021234,
  kind: 1,
};
// Written out independently (Python struct.pack, little-endian) from the SPEC §5 table.
const GOLDEN_HEX =
  '0101' + '04030201' + '0605' + '0807' + '0c0b0a09' + '11100f0e0d' + '141312' + '04293501' + '966f0100' + '0100' +
  '18171615' + '1c1b1a19' + '5052494f' + '32d81638' + '01';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

describe('encodeSignedPart', () => {
  it('writes the exact SPEC §5 bytes for a fixed field set', () => {
    const bytes = encodeSignedPart(GOLDEN_FIELDS);
    assert.equal(bytes.length, SIGNED_LENGTH);
    assert.equal(bytes.toString('hex'), GOLDEN_HEX);
  });

  it('puts every field at its SPEC offset, little-endian', () => {
    const b = encodeSignedPart(POSTAGE_FIELDS);
    assert.equal(b[0], 1, 'version');
    assert.equal(b[1], 1, 'algorithm');
    assert.equal(b.readUInt32LE(2), 7, 'certificate serial');
    assert.equal(b.readUInt16LE(6), 1, 'vendor');
    assert.equal(b.readUInt16LE(8), 1, 'model');
    assert.equal(b.readUInt32LE(10), 42, 'PSD serial');
    assert.equal(b.readUIntLE(14, 5), 125_740, 'AR');
    assert.equal(b.readUIntLE(19, 3), 740, 'postage');
    assert.equal(b.readUInt32LE(22), 20261124, 'mail date');
    assert.equal(b.readUInt32LE(26), 94102, 'origin ZIP');
    assert.equal(b.readUInt16LE(30), 1, 'software id');
    assert.equal(b.readUInt32LE(32), 17, 'piece number');
    assert.equal(b.readUInt32LE(36), 9_260, 'DR');
    assert.equal(b.toString('latin1', 40, 44), 'FCLT', 'rate category');
    assert.equal(b.readUInt32LE(44), 100011234, 'destination ZIP+4');
    assert.equal(b[48], 1, 'kind');
  });

  it('pads a short rate category with spaces', () => {
    const b = encodeSignedPart({ ...POSTAGE_FIELDS, rateCategory: 'AB' });
    assert.equal(b.toString('latin1', 40, 44), 'AB  ');
  });

  it('takes the largest values each width holds', () => {
    const b = encodeSignedPart({ ...POSTAGE_FIELDS, ar: 2 ** 40 - 1, dr: 2 ** 32 - 1, postage: 2 ** 24 - 1, certSerial: 2 ** 32 - 1 });
    assert.equal(b.subarray(14, 19).toString('hex'), 'ffffffffff');
    assert.equal(b.subarray(19, 22).toString('hex'), 'ffffff');
    assert.equal(b.subarray(36, 40).toString('hex'), 'ffffffff');
  });

  const refusals: Array<[string, Partial<IndiciumFields> & Record<string, unknown>, RegExp]> = [
    ['AR over 40 bits', { ar: 2 ** 40 }, /ar must be ≤/],
    ['DR over 32 bits', { dr: 2 ** 32 }, /dr must be ≤/],
    ['postage over 24 bits', { postage: 2 ** 24 }, /postage must be ≤/],
    ['negative certificate serial', { certSerial: -1 }, /certSerial must be ≥ 0/],
    ['fractional postage', { postage: 7.5 }, /postage must be an integer/],
    ['vendor over 16 bits', { vendorId: 65536 }, /vendorId/],
    ['impossible date', { mailDate: 20260230 }, /real calendar date/],
    ['six-digit origin ZIP', { originZip: 100000 }, /originZip/],
    ['lower-case rate category', { rateCategory: 'fclt' }, /rateCategory/],
    ['five-character rate category', { rateCategory: 'FCLTX' }, /rateCategory/],
    ['kind 3', { kind: 3 as 1 }, /kind must be 1/],
    ['postage piece number 0', { pieceNumber: 0 }, /piece number ≥ 1/],
    ['postage 0 on a postage piece', { postage: 0 }, /postage ≥ 1/],
    ['string where a number belongs', { ar: '5' as unknown as number }, /ar must be a number/],
  ];
  for (const [name, change, message] of refusals) {
    it(`refuses ${name}`, () => {
      assert.throws(() => encodeSignedPart({ ...POSTAGE_FIELDS, ...change }), (err: unknown) => err instanceof IndiciumError && message.test(err.message));
    });
  }

  it('refuses a test print that carries value, a piece number or another rate category', () => {
    for (const change of [{ postage: 1 }, { pieceNumber: 3 }, { rateCategory: 'FCLT' }]) {
      assert.throws(() => encodeSignedPart({ ...TEST_PRINT_FIELDS, ...change }), /test print must have/);
    }
  });
});

describe('decodeIndicium', () => {
  it('returns every field, the header and the signature', () => {
    const indicium = signIndicium(POSTAGE_FIELDS, privateKey);
    const decoded = decodeIndicium(indicium);
    const { version, algorithm, signature, ...fields } = decoded;
    assert.equal(version, 1);
    assert.equal(algorithm, 1);
    assert.deepEqual(signature, indicium.subarray(49));
    assert.deepEqual(fields, POSTAGE_FIELDS);
    assert.deepEqual(encodeSignedPart(fields), indicium.subarray(0, 49));
  });

  it('round-trips a test print', () => {
    const { version, algorithm, signature, ...fields } = decodeIndicium(signIndicium(TEST_PRINT_FIELDS, privateKey));
    assert.deepEqual(fields, TEST_PRINT_FIELDS);
    assert.equal(version + algorithm + signature.length, 66);
  });

  const good = signIndicium(POSTAGE_FIELDS, privateKey);
  const withByte = (offset: number, value: number) => {
    const copy = Buffer.from(good);
    copy[offset] = value;
    return copy;
  };
  const withMailDate = (value: number) => {
    const copy = Buffer.from(good);
    copy.writeUInt32LE(value, 22);
    return copy;
  };
  const refusals: Array<[string, Buffer, RegExp]> = [
    ['112 bytes', good.subarray(0, 112), /must be 113 bytes, got 112/],
    ['114 bytes', Buffer.concat([good, Buffer.from([0])]), /must be 113 bytes, got 114/],
    ['version 2', withByte(0, 2), /format version 2/],
    ['algorithm 2', withByte(1, 2), /algorithm id 2/],
    ['kind 3', withByte(48, 3), /unknown indicium kind 3/],
    ['kind 0', withByte(48, 0), /unknown indicium kind 0/],
    ['a control character in the rate category', withByte(41, 0x01), /rate category/],
    ['a leading space in the rate category', withByte(40, 0x20), /rate category/],
    ['an impossible mail date', withMailDate(20260230), /calendar date/],
  ];
  for (const [name, bytes, message] of refusals) {
    it(`refuses ${name}`, () => {
      assert.throws(() => decodeIndicium(bytes), (err: unknown) => err instanceof IndiciumError && message.test(err.message));
    });
  }
});

describe('assembleIndicium', () => {
  it('joins the signed part and the signature into 113 bytes', () => {
    const signed = encodeSignedPart(POSTAGE_FIELDS);
    const signature = Buffer.alloc(64, 0xab);
    const indicium = assembleIndicium(signed, signature);
    assert.equal(indicium.length, INDICIUM_LENGTH);
    assert.deepEqual(indicium.subarray(0, 49), signed);
    assert.deepEqual(indicium.subarray(49), signature);
  });

  it('refuses parts of the wrong length', () => {
    assert.throws(() => assembleIndicium(Buffer.alloc(48), Buffer.alloc(64)), /signed part must be 49 bytes/);
    assert.throws(() => assembleIndicium(Buffer.alloc(49), Buffer.alloc(72)), /signature must be 64 bytes/);
  });
});

describe('text helpers', () => {
  it('converts mail dates both ways and refuses non-dates', () => {
    assert.equal(mailDateToUint('2026-11-24'), 20261124);
    assert.equal(uintToMailDate(20261124), '2026-11-24');
    assert.equal(mailDateToUint('2028-02-29'), 20280229);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-24', '20261124', '']) {
      assert.throws(() => mailDateToUint(bad), IndiciumError, bad);
    }
  });

  it('packs destination ZIPs as zip5*10000+plus4', () => {
    assert.equal(destinationZipToUint('94102-1234'), 941021234);
    assert.equal(destinationZipToUint('00501'), 5010000);
    assert.equal(destinationZipToUint(undefined), 0);
    assert.equal(uintToDestinationZip(941021234), '94102-1234');
    assert.equal(uintToDestinationZip(5010000), '00501');
    assert.equal(uintToDestinationZip(0), '');
    for (const bad of ['9410', '94102-12', '94102 1234', 'abcde']) assert.throws(() => destinationZipToUint(bad), IndiciumError);
  });

  it('formats the device id zero-padded', () => {
    assert.equal(formatDeviceId(1, 2, 42), '0001-0002-00000042');
    assert.equal(formatDeviceId(65535, 65535, 4294967295), '65535-65535-4294967295');
  });
});

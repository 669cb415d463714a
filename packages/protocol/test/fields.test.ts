import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { z } from 'zod';
import {
  destinationZipSchema,
  deviceIdSchema,
  dimensionsInSchema,
  MAIL_CLASSES,
  RATE_CATEGORY_OF_MAIL_CLASS,
  isoTimestampSchema,
  licenseZipSchema,
  mailClassSchema,
  mailDateSchema,
  meterIdSchema,
  passphraseSchema,
  loginPassphraseSchema,
  pemCertificateSchema,
  rateCategorySchema,
  registersSchema,
  usernameSchema,
} from '../src/index.ts';
import { certificate } from './fixtures.ts';

function table(schema: z.ZodType, good: unknown[], bad: unknown[]) {
  for (const value of good) assert.equal(schema.safeParse(value).success, true, `should accept ${JSON.stringify(value)}`);
  for (const value of bad) assert.equal(schema.safeParse(value).success, false, `should refuse ${String(JSON.stringify(value)).slice(0, 60)}`);
}

describe('field schemas', () => {
  test('username', () => {
    table(usernameSchema, ['ada', 'A.b_c-9', 'x'.repeat(64)], ['ab', 'x'.repeat(65), 'ada lovelace', 'adá', 'a@b', '', 5]);
  });
  test('passphrase: 10 characters up to the register sealing budget (172 bytes)', () => {
    table(passphraseSchema, ['0123456789', 'x'.repeat(172), 'é'.repeat(86), '😀'.repeat(43)], [
      '012345678',
      'x'.repeat(173),
      'é'.repeat(87),
      '"'.repeat(87), // escapes to 174 bytes
      'x'.repeat(257),
      'abcdefghij\ud800',
      null,
    ]);
  });
  test('login passphrase: also the 200 bytes SPEC v1.0 let people choose', () => {
    table(loginPassphraseSchema, ['0123456789', 'x'.repeat(200), 'é'.repeat(100), '😀'.repeat(50)], [
      '012345678',
      'x'.repeat(201),
      '"'.repeat(101), // escapes to 202 bytes
      'abcdefghij\ud800',
    ]);
  });
  test('ZIP codes', () => {
    table(licenseZipSchema, ['94102', '00501'], ['9410', '941021', '94102-1234', '9410a', '٩٤١٠٢', 94102]);
    table(destinationZipSchema, ['94102', '94102-1234'], ['94102-123', '941021234', '94102 1234', '94102-', '']);
  });
  test('mailDate: format and real calendar date', () => {
    table(mailDateSchema, ['2026-11-24', '2028-02-29', '2000-02-29', '2026-12-31', '2026-04-30'], ['2026-02-29', '2100-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-11-00', '2026-1-24', '20261124', '2026-11-24T00:00:00Z']);
  });
  test('isoTimestamp: UTC with milliseconds, a real time', () => {
    table(isoTimestampSchema, ['2026-11-24T10:15:00.000Z'], ['2026-11-24T10:15:00Z', '2026-11-24T10:15:00.000+00:00', '2026-02-30T10:15:00.000Z', '2026-11-24T24:00:00.000Z', '2026-11-24 10:15:00.000Z']);
  });
  test('meterId: lower-case UUID v4', () => {
    table(meterIdSchema, ['3b0c6d2e-6a4e-4f0f-9c1e-0d7b1c2a9e11'], ['3B0C6D2E-6A4E-4F0F-9C1E-0D7B1C2A9E11', '3b0c6d2e-6a4e-1f0f-9c1e-0d7b1c2a9e11', '3b0c6d2e6a4e4f0f9c1e0d7b1c2a9e11', '']);
  });
  test('registers and deviceId are strict with bounded integers', () => {
    table(registersSchema, [{ ar: 0, dr: 0 }, { ar: 2 ** 40 - 1, dr: 2 ** 32 - 1 }], [{ ar: 2 ** 40, dr: 0 }, { ar: 0, dr: 2 ** 32 }, { ar: 0 }, { ar: 0, dr: 0, x: 0 }, { ar: -1, dr: 0 }]);
    table(deviceIdSchema, [{ vendor: 1, model: 1, serial: 2 ** 32 - 1 }], [{ vendor: 65536, model: 1, serial: 1 }, { vendor: 1, model: 1 }, { vendor: 1, model: 1, serial: 1.5 }]);
  });
  test('enums: SPEC §3.3 and the extensions (Ground Advantage GADV, Priority Mail Express PMEX)', () => {
    table(rateCategorySchema, ['FCLT', 'FCFL', 'PCRD', 'PRIO', 'GADV', 'PMEX', 'TEST'], ['fclt', 'PRI', '', 'GRND', 'EXPR']);
    table(
      mailClassSchema,
      ['first-class-letter', 'first-class-flat', 'postcard', 'priority-mail', 'ground-advantage', 'priority-mail-express'],
      ['letter', 'FCLT', 'parcel-select', 'Ground-Advantage'],
    );
    assert.deepEqual(RATE_CATEGORY_OF_MAIL_CLASS, {
      'first-class-letter': 'FCLT',
      'first-class-flat': 'FCFL',
      postcard: 'PCRD',
      'priority-mail': 'PRIO',
      'ground-advantage': 'GADV',
      'priority-mail-express': 'PMEX',
    });
    assert.deepEqual(Object.keys(RATE_CATEGORY_OF_MAIL_CLASS), [...MAIL_CLASSES]);
  });
  test('dimensionsIn (extension): three sides in inches, each above 0 and at most 130, nothing else', () => {
    table(
      dimensionsInSchema,
      [{ length: 12, width: 10.5, height: 0.25 }, { length: 130, width: 1, height: 1 }, { length: 2, width: 9, height: 4 }],
      [
        { length: 12, width: 10 },
        { length: 12, width: 10, height: 0 },
        { length: 12, width: 10, height: -1 },
        { length: 130.5, width: 1, height: 1 },
        { length: '12', width: 10, height: 8 },
        { length: 12, width: 10, height: 8, depth: 1 },
        { length: Number.NaN, width: 1, height: 1 },
        { length: Number.POSITIVE_INFINITY, width: 1, height: 1 },
        [12, 10, 8],
      ],
    );
  });
  test('PEM certificate', () => {
    table(pemCertificateSchema, [certificate, certificate.replace(/\n/g, '\r\n')], [
      certificate.replace('CERTIFICATE', 'PRIVATE KEY'),
      `${certificate}${certificate}`,
      certificate.replace('AAAA', 'AA!A'),
      'x'.repeat(9000),
    ]);
  });
});

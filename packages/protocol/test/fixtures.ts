/** Valid bodies of every op, both ways, and one bad value of each kind per body. */
import { Buffer } from 'node:buffer';
import type { z } from 'zod';
import {
  amsMatchCandidateSchema,
  auditRecordSchema,
  failureFrameSchema,
  currentPassphraseSecretSchema,
  lastPieceSchema,
  loginSecretSchema,
  newPassphraseSecretSchema,
  newUserSecretSchema,
  transferSecretSchema,
  printerProfileSchema,
  registerSecretSchema,
  requestFrameSchema,
  successFrameSchema,
  type OpName,
} from '../src/index.ts';

export const b64 = (n: number, fill = 1): string => Buffer.alloc(n, fill).toString('base64url');

export const challenge = b64(16, 2);
export const clientNonce = b64(16, 3);
export const macedIn = { challenge, clientNonce, registers: { ar: 1480, dr: 18520 } };
export const macedOut = { challenge: b64(16, 4), clientNonce, registers: { ar: 2220, dr: 17780 } };

export const meterId = '3b0c6d2e-6a4e-4f0f-9c1e-0d7b1c2a9e11';
export const deviceId = { vendor: 1, model: 1, serial: 42 };
export const certificate = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(64)}\n${'B'.repeat(20)}==\n-----END CERTIFICATE-----\n`;
const indicium = b64(113, 9);
const address = { street: '650 TURK ST', secondary: 'APT 5', city: 'SAN FRANCISCO', state: 'CA', zip: '94102-3201' };
const profile = { model: 'HL-L2350DW', kind: 'laser', media: ['#10', 'A4'], dpi: 600, offsetsMm: { x: 0.5, y: -1 } };

/** For each body: a valid one, a field to remove, a mistyped and an oversize replacement. */
export interface BodyCase {
  valid: Record<string, unknown>;
  missing: string;
  mistyped: [string, unknown];
  oversize: [string, unknown];
}

const tooLong = (n: number): string => 'x'.repeat(n + 1);

export const requestCases: { [K in OpName]: BodyCase } = {
  hello: { valid: { clientNonce }, missing: 'clientNonce', mistyped: ['clientNonce', 16], oversize: ['clientNonce', b64(17)] },
  register: {
    valid: { username: 'ada.l_ovelace-1', licenseZip: '94102', sealed: b64(384) },
    missing: 'sealed',
    mistyped: ['licenseZip', 94102],
    oversize: ['username', tooLong(64)],
  },
  login: {
    valid: { username: 'ada', clientNonce, sealed: b64(384) },
    missing: 'username',
    mistyped: ['sealed', null],
    oversize: ['sealed', b64(385)],
  },
  purchase: { valid: { amount: 20000, ...macedIn }, missing: 'amount', mistyped: ['amount', '20000'], oversize: ['amount', 2 ** 32] },
  indicium: {
    valid: { kind: 'postage', postage: 740, rateCategory: 'FCLT', mailDate: '2026-11-24', destinationZip: '94102', ...macedIn },
    missing: 'mailDate',
    mistyped: ['postage', 7.4],
    oversize: ['postage', 2 ** 24],
  },
  piece: { valid: { pieceNumber: 3, ...macedIn }, missing: 'pieceNumber', mistyped: ['pieceNumber', '3'], oversize: ['pieceNumber', 2 ** 32] },
  refund: { valid: { pieceNumber: 3, ...macedIn }, missing: 'challenge', mistyped: ['registers', [0, 0]], oversize: ['pieceNumber', 2 ** 32] },
  audit: { valid: { ...macedIn }, missing: 'registers', mistyped: ['challenge', true], oversize: ['clientNonce', b64(17)] },
  printerCheck: {
    valid: { printerName: 'Brother HL-L2350DW', driverName: 'brlaser', os: 'linux' },
    missing: 'os',
    mistyped: ['os', 'plan9'],
    oversize: ['driverName', tooLong(200)],
  },
  printerResult: {
    valid: { printerName: 'Brother HL-L2350DW', media: '#10', offsetsMm: { x: 1.5, y: -2 }, passed: true, ...macedIn },
    missing: 'passed',
    mistyped: ['passed', 'yes'],
    oversize: ['offsetsMm', { x: 25.5, y: 0 }],
  },
  ratesQuote: {
    valid: { mailClass: 'ground-advantage', weightOz: 1, fromZip: '94102', toZip: '10001-0001', dimensionsIn: { length: 12, width: 10, height: 8 } },
    missing: 'weightOz',
    mistyped: ['weightOz', '1'],
    oversize: ['weightOz', 1120.5],
  },
  amsMatch: {
    valid: { street: '650 Turk St Apt 5', city: 'San Francisco', state: 'CA', zip: '94102' },
    missing: 'street',
    mistyped: ['city', 5],
    oversize: ['street', tooLong(100)],
  },
  logout: { valid: { ...macedIn }, missing: 'clientNonce', mistyped: ['registers', { ar: '0', dr: 0 }], oversize: ['registers', { ar: 2 ** 40, dr: 0 }] },
  userAdd: { valid: { username: 'clerk.one', role: 'clerk', sealed: b64(384), ...macedIn }, missing: 'role', mistyped: ['role', 'owner'], oversize: ['username', tooLong(64)] },
  userRemove: { valid: { username: 'clerk.one', ...macedIn }, missing: 'username', mistyped: ['username', 7], oversize: ['username', tooLong(64)] },
  userReset: { valid: { username: 'clerk.one', sealed: b64(384), ...macedIn }, missing: 'sealed', mistyped: ['sealed', 384], oversize: ['sealed', b64(385)] },
  passphraseChange: { valid: { sealed: b64(384), sealedNew: b64(384, 2), ...macedIn }, missing: 'sealedNew', mistyped: ['sealedNew', null], oversize: ['sealed', b64(385)] },
  users: { valid: { ...macedIn }, missing: 'challenge', mistyped: ['clientNonce', 1], oversize: ['challenge', b64(17)] },
  pieceLog: { valid: { fromPiece: 1, limit: 100, username: 'clerk.one', ...macedIn }, missing: 'limit', mistyped: ['limit', '10'], oversize: ['limit', 101] },
  transfer: { valid: { username: 'ada', clientNonce, sealed: b64(384) }, missing: 'sealed', mistyped: ['clientNonce', 16], oversize: ['username', tooLong(64)] },
};

export const responseCases: { [K in OpName]: BodyCase } = {
  hello: { valid: { moduleSerial: 1, signature: b64(64), loginNonce: clientNonce }, missing: 'loginNonce', mistyped: ['moduleSerial', '1'], oversize: ['signature', b64(65)] },
  register: {
    valid: { meterId, deviceId, certificate, registers: { ar: 0, dr: 0 }, challenge, clientNonce },
    missing: 'certificate',
    mistyped: ['deviceId', '1-1-42'],
    oversize: ['certificate', certificate.repeat(60)],
  },
  login: {
    valid: { meterId, deviceId, registers: { ar: 740, dr: 0 }, pieces: 1, lastPiece: { pieceNumber: 1, postage: 740, at: '2026-11-24T10:15:00.000Z' }, challenge, clientNonce },
    missing: 'lastPiece',
    mistyped: ['pieces', -1],
    oversize: ['deviceId', { vendor: 65536, model: 1, serial: 1 }],
  },
  purchase: { valid: { amount: 20000, funds: 0, ...macedOut }, missing: 'funds', mistyped: ['funds', '0'], oversize: ['amount', 2 ** 32] },
  indicium: { valid: { pieceNumber: 4, indicium, ...macedOut }, missing: 'indicium', mistyped: ['pieceNumber', null], oversize: ['indicium', b64(114)] },
  piece: { valid: { pieceNumber: 4, indicium, ...macedOut }, missing: 'pieceNumber', mistyped: ['indicium', 113], oversize: ['indicium', b64(114)] },
  refund: { valid: { pieceNumber: 4, amount: 740, ...macedOut }, missing: 'amount', mistyped: ['amount', 0.74], oversize: ['amount', 2 ** 24] },
  audit: {
    valid: { record: { meterId, deviceId, ar: 2220, dr: 17780, pieces: 3, at: '2026-11-24T10:15:00.000Z' }, signature: b64(64), ...macedOut },
    missing: 'record',
    mistyped: ['signature', 64],
    oversize: ['record', { meterId, deviceId, ar: 2 ** 40, dr: 0, pieces: 3, at: '2026-11-24T10:15:00.000Z' }],
  },
  printerCheck: { valid: { supported: true, profile, notes: '' }, missing: 'notes', mistyped: ['supported', 1], oversize: ['notes', tooLong(2000)] },
  printerResult: { valid: { ...macedOut }, missing: 'challenge', mistyped: ['clientNonce', []], oversize: ['challenge', b64(17)] },
  ratesQuote: {
    valid: { priceMills: 1234, rateCategory: 'GADV', zone: 8, deckVersion: '2026-07-13', dimensionalWeightLb: 12 },
    missing: 'deckVersion',
    mistyped: ['dimensionalWeightLb', 1.5],
    oversize: ['deckVersion', tooLong(64)],
  },
  amsMatch: {
    valid: { status: 'corrected', candidates: [{ address, matchType: 'zip_corrected', score: 0.92 }] },
    missing: 'candidates',
    mistyped: ['status', 'found'],
    oversize: ['candidates', Array.from({ length: 11 }, () => ({ address, matchType: 'exact', score: 1 }))],
  },
  logout: { valid: { ...macedOut }, missing: 'registers', mistyped: ['registers', null], oversize: ['registers', { ar: 0, dr: 2 ** 32 }] },
  userAdd: { valid: { username: 'clerk.one', role: 'clerk', ...macedOut }, missing: 'username', mistyped: ['role', 1], oversize: ['username', tooLong(64)] },
  userRemove: { valid: { ...macedOut }, missing: 'challenge', mistyped: ['challenge', 1], oversize: ['challenge', b64(17)] },
  userReset: { valid: { ...macedOut }, missing: 'clientNonce', mistyped: ['clientNonce', 1], oversize: ['clientNonce', b64(17)] },
  passphraseChange: { valid: { ...macedOut }, missing: 'registers', mistyped: ['registers', 1], oversize: ['registers', { ar: 2 ** 40, dr: 0 }] },
  users: {
    valid: { me: { ...{ username: 'ada', role: 'admin', owner: true }, mustChangePassphrase: false }, users: [{ username: 'ada', role: 'admin', owner: true }], ...macedOut },
    missing: 'me',
    mistyped: ['users', { username: 'ada', role: 'admin', owner: true }],
    oversize: ['users', Array.from({ length: 21 }, () => ({ username: 'ada', role: 'admin', owner: true }))],
  },
  pieceLog: {
    valid: { pieces: [{ pieceNumber: 1, postage: 740, rateCategory: 'FCLT', mailDate: '2026-11-24', at: '2026-11-24T10:15:00.000Z', username: 'clerk.one', refunded: false }], ...macedOut },
    missing: 'pieces',
    mistyped: ['pieces', [{ ...{ pieceNumber: 1, postage: 740, rateCategory: 'FCLT', mailDate: '2026-11-24', at: '2026-11-24T10:15:00.000Z', username: 'clerk.one', refunded: false }, refunded: 'no' }]],
    oversize: ['pieces', Array.from({ length: 101 }, () => ({ pieceNumber: 1, postage: 740, rateCategory: 'FCLT', mailDate: '2026-11-24', at: '2026-11-24T10:15:00.000Z', username: 'clerk.one', refunded: false }))],
  },
  transfer: {
    valid: { meterId, deviceId, registers: { ar: 740, dr: 0 }, pieces: 1, lastPiece: null, challenge, clientNonce },
    missing: 'meterId',
    mistyped: ['pieces', '1'],
    oversize: ['pieces', 2 ** 32],
  },
};

const auditRecord = { meterId, deviceId, ar: 2220, dr: 17780, pieces: 3, at: '2026-11-24T10:15:00.000Z' };

/** The frames (SPEC §3) and the schemas of named parts inside bodies, each with its cases. */
export const partCases: Record<string, [z.ZodType, BodyCase]> = {
  requestFrame: [
    requestFrameSchema,
    { valid: { v: 1, id: 7, op: 'purchase', body: requestCases.purchase.valid, mac: b64(32, 5) }, missing: 'op', mistyped: ['id', '7'], oversize: ['mac', b64(33, 5)] },
  ],
  successFrame: [
    successFrameSchema,
    { valid: { v: 1, id: 7, ok: true, body: responseCases.purchase.valid, mac: b64(32, 5) }, missing: 'body', mistyped: ['ok', 'true'], oversize: ['id', 2 ** 53] },
  ],
  failureFrame: [
    failureFrameSchema,
    { valid: { v: 1, id: null, ok: false, error: { code: 'BUSY', message: 'Another request is running.' } }, missing: 'error', mistyped: ['id', '7'], oversize: ['error', { code: 'BUSY', message: tooLong(500) }] },
  ],
  registerSecret: [
    registerSecretSchema,
    { valid: { hmk: b64(32, 6), passphrase: 'correct horse battery', clientNonce, loginNonce: b64(16, 7) }, missing: 'loginNonce', mistyped: ['passphrase', 1234567890], oversize: ['hmk', b64(33, 6)] },
  ],
  loginSecret: [
    loginSecretSchema,
    { valid: { passphrase: 'correct horse battery', clientNonce, loginNonce: b64(16, 7) }, missing: 'loginNonce', mistyped: ['loginNonce', 16], oversize: ['passphrase', tooLong(256)] },
  ],
  newUserSecret: [
    newUserSecretSchema,
    { valid: { passphrase: 'correct horse battery', clientNonce }, missing: 'clientNonce', mistyped: ['passphrase', 12345678901], oversize: ['passphrase', tooLong(256)] },
  ],
  currentPassphraseSecret: [
    currentPassphraseSecretSchema,
    { valid: { passphrase: 'correct horse battery', clientNonce }, missing: 'passphrase', mistyped: ['clientNonce', 16], oversize: ['clientNonce', b64(17)] },
  ],
  newPassphraseSecret: [
    newPassphraseSecretSchema,
    { valid: { newPassphrase: 'a battery of horses', clientNonce }, missing: 'newPassphrase', mistyped: ['newPassphrase', null], oversize: ['newPassphrase', tooLong(256)] },
  ],
  transferSecret: [
    transferSecretSchema,
    { valid: { passphrase: 'correct horse battery', hmk: b64(32, 6), clientNonce, loginNonce: b64(16, 7) }, missing: 'hmk', mistyped: ['hmk', 32], oversize: ['hmk', b64(33, 6)] },
  ],
  lastPiece: [
    lastPieceSchema,
    { valid: { pieceNumber: 1, postage: 740, at: '2026-11-24T10:15:00.000Z' }, missing: 'at', mistyped: ['postage', '740'], oversize: ['postage', 2 ** 24] },
  ],
  auditRecord: [auditRecordSchema, { valid: auditRecord, missing: 'pieces', mistyped: ['meterId', 42], oversize: ['dr', 2 ** 32] }],
  printerProfile: [printerProfileSchema, { valid: profile, missing: 'dpi', mistyped: ['kind', 'dot-matrix'], oversize: ['media', Array.from({ length: 21 }, () => 'A4')] }],
  amsMatchCandidate: [
    amsMatchCandidateSchema,
    { valid: { address, matchType: 'exact', score: 1 }, missing: 'score', mistyped: ['address', '650 TURK ST'], oversize: ['score', 1.5] },
  ],
};

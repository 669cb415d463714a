import { spawnSync } from 'node:child_process';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndiciumFields } from '../src/index.ts';

/** A postage piece with every field distinct from its neighbours. */
export const POSTAGE_FIELDS: IndiciumFields = {
  certSerial: 7,
  vendorId: 1,
  model: 1,
  psdSerial: 42,
  ar: 125_740,
  postage: 740,
  mailDate: 20261124,
  originZip: 94102,
  softwareId: 1,
  pieceNumber: 17,
  dr: 9_260,
  rateCategory: 'FCLT',
  destinationZip: 100011234,
  kind: 1,
};

/** A test print: kind 2, no value, no piece number, rate category TEST. */
export const TEST_PRINT_FIELDS: IndiciumFields = {
  ...POSTAGE_FIELDS,
  kind: 2,
  postage: 0,
  pieceNumber: 0,
  rateCategory: 'TEST',
  destinationZip: 0,
};

export interface TestCertificate {
  privateKey: KeyObject;
  certPem: string;
  keyPem: string;
}

/**
 * A self-signed P-256 certificate made by openssl (an implementation independent of ours), for
 * a fresh key or for `existingKeyPem` when given.
 */
export function makeCertificate(serial: number, existingKeyPem?: string): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'vbi-indicia-cert-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    if (existingKeyPem) writeFileSync(keyPath, existingKeyPem);
    const keyArgs = existingKeyPem
      ? ['-key', keyPath]
      : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath];
    const result = spawnSync(
      'openssl',
      ['req', '-x509', ...keyArgs, '-out', certPath, '-subj', `/CN=VBI test meter ${serial}`, '-days', '2', '-set_serial', String(serial)],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`openssl failed: ${result.stderr}`);
    const keyPem = readFileSync(keyPath, 'utf8');
    return { privateKey: createPrivateKey(keyPem), certPem: readFileSync(certPath, 'utf8'), keyPem };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

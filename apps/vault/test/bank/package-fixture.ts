/** A PSD package's content for module-level tests (never sealed here: the checks take it open). */
import { emptyV2Fields, type PsdPackage } from '../../src/bank/psd-package.ts';

export function openPackageContent(over: Partial<PsdPackage> = {}): PsdPackage {
  return {
    v: 2, meterId: '3b0c6d2e-6a4e-4f0f-9c1e-0d7b1c2a9e11', state: 'operational', ar: 0, dr: 0, totalDownloaded: 0, totalRefunded: 0,
    deviceId: { vendor: 1, model: 1, serial: 1 }, certSerial: 1, licenseZip: '94102', signingKey: '', hmk: null, passphraseHash: null,
    repetitionList: [], lastTxAt: null, challenge: null, keyNotBefore: '2026-01-01T00:00:00.000Z', keyNotAfter: '2029-01-01T00:00:00.000Z',
    pieceCounter: 0, failedLogins: 0, lockedUntil: null, ...emptyV2Fields(), account: 'alice', ...over,
  };
}

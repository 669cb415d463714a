import { formatMills } from '@vbi/protocol';
import { toB64url } from '@vbi/protocol/crypto';
import type { DecodedIndicium } from '../codec.ts';
import { formatDeviceId, formatZip5, uintToDestinationZip, uintToMailDate } from '../text.ts';

/** The decoded indicium as plain JSON: every field as stored, plus the forms people read. */
export function indiciumJson(d: DecodedIndicium) {
  return {
    version: d.version,
    algorithm: d.algorithm,
    kind: d.kind,
    certSerial: d.certSerial,
    vendorId: d.vendorId,
    model: d.model,
    psdSerial: d.psdSerial,
    deviceId: formatDeviceId(d.vendorId, d.model, d.psdSerial),
    ar: d.ar,
    dr: d.dr,
    postage: d.postage,
    postageText: formatMills(d.postage),
    mailDate: uintToMailDate(d.mailDate),
    originZip: formatZip5(d.originZip),
    softwareId: d.softwareId,
    pieceNumber: d.pieceNumber,
    rateCategory: d.rateCategory,
    destinationZip: uintToDestinationZip(d.destinationZip) || null,
    signature: toB64url(d.signature),
  };
}

/** Aligned "name: value" lines for a terminal. */
export function indiciumLines(d: DecodedIndicium): string {
  const json = indiciumJson(d);
  const kindText = d.kind === 1 ? '1 (postage)' : '2 (test print, no value)';
  const rows: Array<[string, string]> = Object.entries({ ...json, kind: kindText }).map(([k, v]) => [k, String(v ?? '-')]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}

import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { signIndicium } from './src/index.ts';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const f = { certSerial: 7, vendorId: 1, model: 1, psdSerial: 42, ar: 740, postage: 740, mailDate: 20261124, originZip: 94102, softwareId: 1, pieceNumber: 1, dr: 9260, rateCategory: 'FCLT', destinationZip: 100011234, kind: 1 as const };
writeFileSync('/tmp/ind/pub.pem', publicKey.export({ type: 'spki', format: 'pem' }));
console.log(signIndicium(f, privateKey).toString('base64url'));

import { generateKeyPairSync } from 'node:crypto';
import { signIndicium } from './src/index.ts';
import { renderLabelPdf } from './src/pdf/index.ts';
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const f = { certSerial: 7, vendorId: 1, model: 1, psdSerial: 42, ar: 740, postage: 740, mailDate: 20261124, originZip: 94102, softwareId: 1, pieceNumber: 1, dr: 9260, rateCategory: 'FCLT', destinationZip: 100011234, kind: 1 as const };
const ind = signIndicium(f, privateKey);
for (let i = 0; i < 1500; i++) await renderLabelPdf({ indicium: ind, layout: 'label-4x6', from: 'Jane Doe\n650 Turk St', to: 'John Roe\n1 Main St' });

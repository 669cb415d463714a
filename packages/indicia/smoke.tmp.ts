import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { signIndicium, verifyIndicium } from './src/index.ts';
import { renderLabelPdf } from './src/pdf/index.ts';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const f = { certSerial: 7, vendorId: 1, model: 1, psdSerial: 42, ar: 740, postage: 740, mailDate: 20261124, originZip: 94102, softwareId: 1, pieceNumber: 1, dr: 9260, rateCategory: 'FCLT', destinationZip: 100011234, kind: 1 as const };
const ind = signIndicium(f, privateKey);
console.log(verifyIndicium(ind, publicKey));
writeFileSync('/tmp/ind/bytes.bin', ind);
const t = signIndicium({ ...f, kind: 2, postage: 0, pieceNumber: 0, rateCategory: 'TEST' }, privateKey);
for (const layout of ['label-4x6', 'envelope-10', 'test-envelope'] as const) {
  writeFileSync(`/tmp/ind/${layout}.pdf`, await renderLabelPdf({ indicium: ind, layout, from: 'Jane Doe\n650 Turk St\nSan Francisco CA 94102', to: 'John Roe\n1 Main St Apt 5\nNew York NY 10001-1234' }));
  writeFileSync(`/tmp/ind/${layout}-test.pdf`, await renderLabelPdf({ indicium: t, layout, from: 'Jane Doe\n650 Turk St', to: 'John Roe\n1 Main St' }));
}
let n = 0; const t0 = performance.now();
while (performance.now() - t0 < 2000) { await renderLabelPdf({ indicium: ind, layout: 'label-4x6', from: 'Jane Doe\n650 Turk St', to: 'John Roe\n1 Main St' }); n++; }
console.log('labels/s', n / 2);

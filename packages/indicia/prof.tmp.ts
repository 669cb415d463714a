import { generateKeyPairSync } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { signIndicium, decodeIndicium } from './src/index.ts';
import { encodeDataMatrix } from './src/datamatrix.ts';
import { renderLabelPdf } from './src/pdf/index.ts';
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const f = { certSerial: 7, vendorId: 1, model: 1, psdSerial: 42, ar: 740, postage: 740, mailDate: 20261124, originZip: 94102, softwareId: 1, pieceNumber: 1, dr: 9260, rateCategory: 'FCLT', destinationZip: 100011234, kind: 1 as const };
const ind = signIndicium(f, privateKey);
function time(name: string, fn: () => unknown, n = 300) { for (let i = 0; i < 200; i++) fn(); const t = process.cpuUsage(); for (let i = 0; i < n; i++) fn(); const u = process.cpuUsage(t); console.log(name, ((u.user + u.system) / 1000 / n).toFixed(3), "ms cpu"); }
time('decode', () => decodeIndicium(ind));
time('sign', () => signIndicium(f, privateKey));
time('datamatrix', () => encodeDataMatrix(ind));
time('emptydoc', () => { const d = new PDFDocument({ size: [288, 432], info: { CreationDate: new Date(0) } }); d.on('data', () => {}); d.end(); });
time('emptydoc nocompress', () => { const d = new PDFDocument({ compress: false, size: [288, 432], info: { CreationDate: new Date(0) } }); d.on('data', () => {}); d.end(); });
for (let i = 0; i < 100; i++) await renderLabelPdf({ indicium: ind, layout: "label-4x6" });
let n = 0; const t0 = process.cpuUsage();
for (let i = 0; i < 300; i++) { await renderLabelPdf({ indicium: ind, layout: 'label-4x6', from: 'Jane Doe\n650 Turk St', to: 'John Roe\n1 Main St' }); n++; }
{ const u = process.cpuUsage(t0); console.log("render", ((u.user + u.system) / 1000 / n).toFixed(3), "ms cpu"); }

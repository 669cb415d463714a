import bwipjs from 'bwip-js/node';
import { randomBytes } from 'node:crypto';
const buf = randomBytes(113); const b = buf.toString('latin1');
function time(name: string, fn: () => unknown, n = 200) { for (let i = 0; i < 20; i++) fn(); const t = process.cpuUsage(); for (let i = 0; i < n; i++) fn(); const u = process.cpuUsage(t); console.log(name, ((u.user + u.system) / 1000 / n).toFixed(3), "ms cpu"); }
// base256 with 255-state randomisation, per ISO 16022 5.2.9
const data = [113, ...buf];
const cws = [231];
data.forEach((v, i) => { const pos = cws.length + 1; const r = ((149 * pos) % 255) + 1; cws.push((v + r) % 256); });
const text = cws.map(c => '^' + String(c).padStart(3, '0')).join('');
const a = bwipjs.raw({ bcid: 'datamatrix', text: b, binarytext: true, rows: 44, columns: 44 } as any)[0] as any;
const r = bwipjs.raw({ bcid: 'datamatrix', text, raw: true, rows: 44, columns: 44 } as any)[0] as any;
console.log('same', a.pixs.join('') === r.pixs.join(''));
time('forced', () => bwipjs.raw({ bcid: 'datamatrix', text: b, binarytext: true, rows: 44, columns: 44 } as any));
time('rawcw', () => bwipjs.raw({ bcid: 'datamatrix', text, raw: true, rows: 44, columns: 44 } as any));
const { encodeDataMatrix } = await import('./src/datamatrix.ts');
time('mine', () => encodeDataMatrix(buf));
console.log('same2', encodeDataMatrix(buf).modules.flat().map(x => x ? 1 : 0).join('') === a.pixs.join(''));
time('forced', () => bwipjs.raw({ bcid: 'datamatrix', text: b, binarytext: true, rows: 44, columns: 44 } as any));
time('rawcw', () => bwipjs.raw({ bcid: 'datamatrix', text, raw: true, rows: 44, columns: 44 } as any));

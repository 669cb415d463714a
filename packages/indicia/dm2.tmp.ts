import bwipjs from 'bwip-js/node';
import { randomBytes } from 'node:crypto';
const b = randomBytes(113).toString('latin1');
function time(name: string, fn: () => unknown, n = 200) { for (let i = 0; i < 20; i++) fn(); const t = process.cpuUsage(); for (let i = 0; i < n; i++) fn(); const u = process.cpuUsage(t); console.log(name, ((u.user + u.system) / 1000 / n).toFixed(3), "ms cpu"); }
time('forced', () => bwipjs.raw({ bcid: 'datamatrix', text: b, binarytext: true, rows: 44, columns: 44 } as any));
time('auto', () => bwipjs.raw({ bcid: 'datamatrix', text: b, binarytext: true } as any));
time('short ascii', () => bwipjs.raw({ bcid: 'datamatrix', text: 'hello', binarytext: true } as any));
// base256 codewords via raw option
const cw = [231, ...[113].map(x=>x), ...Buffer.from(b, 'latin1')];
time('qr', () => bwipjs.raw({ bcid: 'qrcode', text: b, binarytext: true } as any));

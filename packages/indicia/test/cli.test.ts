import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import PDFDocument from 'pdfkit';
import { signIndicium } from '../src/index.ts';
import { LAYOUTS } from '../src/pdf/index.ts';
import { makeCertificate, POSTAGE_FIELDS, TEST_PRINT_FIELDS } from './fixtures.ts';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'vbi-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: packageDir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const file = (name: string, content?: string | Buffer) => {
  const path = join(dir, name);
  if (content !== undefined) writeFileSync(path, content);
  return path;
};

const meter = makeCertificate(POSTAGE_FIELDS.certSerial);
const certPath = file('meter.pem', meter.certPem);
const indicium = signIndicium(POSTAGE_FIELDS, meter.privateKey).toString('base64url');
const labelPath = file('label.pdf');

describe('pnpm indicia', () => {
  before(async () => {
    const made = await cli('label', '--indicium', indicium, '--layout', 'envelope-10', '--out', labelPath,
      '--from', 'Jane Doe|650 Turk St|San Francisco CA 94102', '--to', 'John Roe|1 Main St|New York NY 10001');
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /wrote .*label\.pdf/);
  });

  it('verify: a genuine label is valid, exit 0, with the decoded fields', async () => {
    const run = await cli('verify', labelPath, '--cert', certPath);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /signature: valid\n$/);
    assert.match(run.stdout, /pieceNumber +17\n/);
    assert.match(run.stdout, /deviceId +0001-0001-00000042\n/);
    assert.match(run.stdout, /postageText +\$0\.740\n/);
  });

  it('verify: a PNG scan of the label is valid too', async () => {
    const prefix = file('scan');
    assert.equal(spawnSync('pdftoppm', ['-r', '300', '-png', '-singlefile', labelPath, prefix]).status, 0);
    const run = await cli('verify', `${prefix}.png`, '--cert', certPath);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /signature: valid/);
  });

  it('verify: another meter\'s certificate gives INVALID and exit 1', async () => {
    const other = file('other.pem', makeCertificate(POSTAGE_FIELDS.certSerial).certPem);
    const run = await cli('verify', labelPath, '--cert', other);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /signature: INVALID/);
  });

  it('verify: a tampered indicium gives INVALID and exit 1', async () => {
    const bytes = Buffer.from(indicium, 'base64url');
    bytes[19] = (bytes[19] ?? 0) ^ 0x01; // postage
    const tamperedPath = file('tampered.pdf');
    const made = await cli('label', '--indicium', bytes.toString('base64url'), '--layout', 'label-4x6', '--out', tamperedPath);
    assert.equal(made.code, 0, made.stderr);
    const run = await cli('verify', tamperedPath, '--cert', certPath);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /signature: INVALID/);
  });

  it('verify: the right key in a certificate with another serial is INVALID', async () => {
    const wrongSerial = file('serial8.pem', makeCertificate(8, meter.keyPem).certPem);
    const run = await cli('verify', labelPath, '--cert', wrongSerial);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /certificate serial 8 is not the indicium's certificate serial 7/);
    assert.match(run.stdout, /signature: INVALID/);
  });

  it('verify --ca: checks who issued the certificate', async () => {
    // A self-signed certificate is its own issuer.
    const good = await cli('verify', labelPath, '--cert', certPath, '--ca', certPath);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    const otherCa = file('other-ca.pem', makeCertificate(1).certPem);
    const bad = await cli('verify', labelPath, '--cert', certPath, '--ca', otherCa);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /not issued by the given CA/);
  });

  it('verify: a PDF without a symbol is a clear error, exit 1', async () => {
    const doc = new PDFDocument({ size: 'A6' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise((resolve) => doc.on('end', resolve));
    doc.text('no barcode here');
    doc.end();
    await done;
    const run = await cli('verify', file('blank.pdf', Buffer.concat(chunks)), '--cert', certPath);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no Data Matrix symbol found/);
  });

  it('label: a test print renders and verifies as kind 2', async () => {
    const sample = signIndicium(TEST_PRINT_FIELDS, meter.privateKey).toString('base64url');
    const path = file('sample.pdf');
    assert.equal((await cli('label', '--indicium', sample, '--layout', 'test-envelope', '--out', path, '--offset-x', '1.5')).code, 0);
    const run = await cli('verify', path, '--cert', certPath);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /kind +2 \(test print, no value\)/);
  });

  it('decode: prints the fields as JSON', async () => {
    const run = await cli('decode', indicium);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.equal(json.pieceNumber, 17);
    assert.equal(json.postage, 740);
    assert.equal(json.mailDate, '2026-11-24');
    assert.equal(json.destinationZip, '10001-1234');
    assert.equal(json.rateCategory, 'FCLT');
    assert.equal(json.signature, Buffer.from(indicium, 'base64url').subarray(49).toString('base64url'));
  });

  it('samples: one PDF per layout and a two-label sheet, signed by a throwaway key that verify accepts', async () => {
    const out = join(dir, 'samples');
    const run = await cli('samples', '--out', out);
    assert.equal(run.code, 0, run.stderr);
    const pages = (name: string) => Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [join(out, name)], { encoding: 'utf8' }).stdout)?.[1]);
    for (const layout of LAYOUTS) assert.equal(pages(`${layout}.pdf`), 1, layout);
    assert.equal(pages('sheet-letter-2up.pdf'), 1, 'two labels on one sheet');
    const verified = await cli('verify', join(out, 'package-4x6.pdf'), '--cert', join(out, 'sample-key.pub.pem'));
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /kind +2 \(test print, no value\)[\s\S]*signature: valid/);
    const text = spawnSync('pdftotext', [join(out, 'package-4x6.pdf'), '-'], { encoding: 'utf8' }).stdout;
    assert.match(text, /SAMPLE — NOT VALID POSTAGE/);
    assert.match(text, /USPS GROUND ADVANTAGE/);
  });

  it('every command has --help, exit 0', async () => {
    for (const command of [[], ['label'], ['samples'], ['verify'], ['decode']]) {
      const run = await cli(...command, '--help');
      assert.equal(run.code, 0, command.join(' '));
      assert.match(run.stdout, /^Usage: pnpm indicia/);
    }
  });

  it('usage mistakes exit 2 and bad bytes exit 1, with clear messages', async () => {
    const missing = await cli('label', '--indicium', indicium, '--layout', 'envelope-10');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--indicium, --layout and --out are required/);
    const badLayout = await cli('label', '--indicium', indicium, '--layout', 'a4', '--out', file('x.pdf'));
    assert.equal(badLayout.code, 2);
    const notB64 = await cli('decode', 'not base64!');
    assert.equal(notB64.code, 2);
    assert.match(notB64.stderr, /base64url/);
    const short = await cli('decode', Buffer.alloc(112).toString('base64url'));
    assert.equal(short.code, 1);
    assert.match(short.stderr, /must be 113 bytes, got 112/);
    const unknown = await cli('frobnicate');
    assert.equal(unknown.code, 2);
    const weight = await cli('label', '--indicium', indicium, '--layout', 'package-4x6', '--out', file('w.pdf'), '--weight-oz', 'heavy');
    assert.equal(weight.code, 2);
    assert.match(weight.stderr, /--weight-oz must be a number of ounces/);
    const noOut = await cli('samples');
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out is required/);
  });
});

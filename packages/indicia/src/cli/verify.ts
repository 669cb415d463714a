import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { decodeIndicium } from '../codec.ts';
import { IndiciumError } from '../errors.ts';
import { scanIndiciaFromPdf, scanIndiciaFromPng } from '../scan.ts';
import { indiciumVerificationKey, verifyIndicium } from '../sign.ts';
import { indiciumLines } from './describe.ts';
import { parseCommand, UsageError } from './usage.ts';

export const VERIFY_HELP = `Usage: pnpm indicia verify FILE.pdf|FILE.png --cert CERT.pem [--ca CA.pem]

Finds the Data Matrix indicium on each page (PDF pages are rasterised at 300 dpi with pdftoppm,
symbols are read with dmtxread), decodes it, and checks its signature.

Options:
  --cert CERT.pem   the meter certificate (GET /v1/certs/<serial>) or its PEM public key (required)
  --ca CA.pem       also check that the certificate was issued by this CA (GET /v1/certs/ca)
  -h, --help        this help

Exit code 0 when every indicium found is valid; 1 when one is not, none is found, or on error;
2 on a usage mistake.
`;

const OPTIONS = { cert: { type: 'string' }, ca: { type: 'string' } } as const;

async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new IndiciumError(`cannot read ${what} file ${path}`);
  }
}

/** Problems with the certificate itself (issuer, serial), or [] when it is fine. */
function certificateProblems(certPem: string, caPem: string | undefined, certSerial: number): string[] {
  if (!certPem.includes('-----BEGIN CERTIFICATE-----')) {
    return caPem === undefined ? [] : ['--ca needs --cert to be a certificate, not a bare public key'];
  }
  const cert = new X509Certificate(certPem);
  const problems: string[] = [];
  if (BigInt(`0x${cert.serialNumber}`) !== BigInt(certSerial)) {
    problems.push(`certificate serial ${BigInt(`0x${cert.serialNumber}`)} is not the indicium's certificate serial ${certSerial}`);
  }
  if (caPem !== undefined) {
    let ca: X509Certificate;
    try {
      ca = new X509Certificate(caPem);
    } catch {
      throw new IndiciumError('--ca is not a PEM X.509 certificate');
    }
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) problems.push('certificate was not issued by the given CA');
  }
  return problems;
}

export async function verifyCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(argv, OPTIONS, VERIFY_HELP, true);
  if (!parsed) return 0;
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) throw new UsageError('give exactly one FILE.pdf or FILE.png');
  if (!parsed.values.cert) throw new UsageError('--cert is required');
  const certPem = await readPem(parsed.values.cert, 'certificate');
  const caPem = parsed.values.ca === undefined ? undefined : await readPem(parsed.values.ca, 'CA');
  const key = indiciumVerificationKey(certPem);

  const payloads = extname(file).toLowerCase() === '.pdf' ? await scanIndiciaFromPdf(file) : await scanIndiciaFromPng(file);
  if (payloads.length === 0) throw new IndiciumError(`no Data Matrix symbol found in ${file}`);

  let allValid = true;
  for (const [index, payload] of payloads.entries()) {
    if (payloads.length > 1) process.stdout.write(`symbol ${index + 1} of ${payloads.length}\n`);
    const decoded = decodeIndicium(payload);
    process.stdout.write(indiciumLines(decoded));
    const problems = certificateProblems(certPem, caPem, decoded.certSerial);
    const valid = verifyIndicium(payload, key) && problems.length === 0;
    for (const problem of problems) process.stdout.write(`certificate: ${problem}\n`);
    process.stdout.write(`signature: ${valid ? 'valid' : 'INVALID'}\n`);
    allValid &&= valid;
  }
  return allValid ? 0 : 1;
}

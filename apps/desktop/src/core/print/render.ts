/** Indicium → PDF (packages/indicia), and PDF → PNG pages for the preview (pdftoppm). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderLabelPdf } from '@vbi/indicia/pdf';
import type { MailAddress } from '../../shared/contract.ts';
import { run } from './run.ts';

export function addressLines(a: MailAddress): string {
  const line2 = [a.city, [a.state, a.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [a.name, [a.street, a.secondary].filter(Boolean).join(' '), line2].filter((l) => l.trim() !== '').join('\n');
}

export interface LabelInput {
  indicium: Uint8Array;
  layout: 'label-4x6' | 'envelope-10' | 'test-envelope';
  from?: MailAddress;
  to?: MailAddress;
  mailClassLabel?: string;
  offsetsMm: { x: number; y: number };
}

export async function renderPdf(input: LabelInput): Promise<Buffer> {
  return Buffer.from(
    await renderLabelPdf({
      indicium: Uint8Array.from(input.indicium),
      layout: input.layout,
      ...(input.from ? { from: addressLines(input.from) } : {}),
      ...(input.to ? { to: addressLines(input.to) } : {}),
      ...(input.mailClassLabel ? { mailClassLabel: input.mailClassLabel } : {}),
      offsetsMm: input.offsetsMm,
    }),
  );
}

/** Every page of the PDF as PNG (base64), rasterised by poppler from the very same bytes. */
export async function pdfToPngPages(pdf: Buffer, dpi = 96): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vbi-preview-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    await run('pdftoppm', ['-png', '-r', String(dpi), join(dir, 'doc.pdf'), join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.startsWith('page') && f.endsWith('.png'))
      .sort()
      .map((f) => readFileSync(join(dir, f)).toString('base64'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The file sink's output folder: waiting for the PDFs a print wrote. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';

/** PDF files in the folder, oldest first (the file sink names them `<ms>-<seq>-<title>.pdf`). */
export function printedPdfs(printDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(printDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.pdf'))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b))
    .map((n) => join(printDir, n));
}

/** Waits until the folder holds `count` PDFs and returns the newest. */
export async function waitForPdfCount(printDir: string, count: number): Promise<string> {
  await expect
    .poll(() => printedPdfs(printDir).length, { message: `${count} printed PDF(s) in ${printDir}`, timeout: 20_000 })
    .toBe(count);
  return printedPdfs(printDir).at(-1)!;
}

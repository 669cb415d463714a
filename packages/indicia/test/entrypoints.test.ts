import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Every module specifier reachable from `entry` through relative imports (type-only imports skipped). */
function reachableImports(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(/^(?:import|export)\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(join(src, entry));
  return { files, packages };
}

it('@vbi/indicia (the vault hot path) loads neither pdfkit nor bwip-js', () => {
  const { files, packages } = reachableImports('index.ts');
  assert.ok(files.size >= 5, 'the walk found the modules');
  assert.deepEqual([...packages].filter((p) => /pdfkit|bwip-js/.test(p)), []);
  assert.ok(packages.has('node:crypto'));
});

it('@vbi/indicia/pdf does reach pdfkit and bwip-js (the walk sees them)', () => {
  const { packages } = reachableImports('pdf/index.ts');
  assert.ok(packages.has('pdfkit'));
  assert.ok(packages.has('bwip-js/node'));
});

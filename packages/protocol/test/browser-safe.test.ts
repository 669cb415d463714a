import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g;

/** Files reachable from `entry` through relative imports (type-only imports included). */
function importGraph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const [, spec] of text.matchAll(IMPORT)) {
      if (spec!.startsWith('.')) queue.push(resolve(dirname(file), spec!));
    }
  }
  return seen;
}

test('@vbi/protocol (the browser entry) reaches no node: module and no Buffer', () => {
  const graph = importGraph(resolve(SRC, 'index.ts'));
  assert.ok(graph.size >= 10, `only ${graph.size} files found`);
  for (const [file, text] of graph) {
    assert.ok(!file.includes('/crypto/'), `${file} is Node-only`);
    for (const [, spec] of text.matchAll(IMPORT)) {
      assert.ok(!spec!.startsWith('node:') && !['crypto', 'buffer', 'fs'].includes(spec!), `${file} imports ${spec}`);
    }
    assert.ok(!/\bBuffer\b/.test(text), `${file} uses Buffer`);
  }
});

test('the crypto entry is what brings node:crypto', () => {
  const graph = importGraph(resolve(SRC, 'crypto/index.ts'));
  assert.ok([...graph.values()].some((text) => text.includes("from 'node:crypto'")));
});

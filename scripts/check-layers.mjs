#!/usr/bin/env node
// Layer rules, checked on the import graph esbuild resolves (so `import type` never counts,
// and an import hidden behind a re-export still does):
//   1. `electron` is imported at runtime only from apps/desktop/src/main and src/preload;
//   2. the renderer imports no Node built-in, directly or through a package;
//   3. the renderer never imports the vault;
//   4. no import cycles among the desktop's own files, nor inside a package.
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, findFiles, rel } from './lib.mjs';

const DESKTOP = join(ROOT, 'apps/desktop/src');
const sources = (dir) => findFiles(dir, (p) => /\.tsx?$/.test(p) && !p.endsWith('.d.ts'));
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Every runtime import edge (importer → import path) reachable from `entryPoints`. */
async function importEdges(entryPoints, { bundlePackages, browser = false }) {
  const result = await build({
    entryPoints,
    bundle: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    platform: 'neutral',
    format: 'esm',
    outdir: '/tmp/vbi-layers',
    // The renderer is bundled for the browser (build.mjs): packages resolve as there (their "browser" files).
    mainFields: browser ? ['browser', 'module', 'main'] : ['module', 'main'],
    conditions: browser ? ['browser', 'import'] : ['import', 'node'],
    jsx: 'automatic',
    external: bundlePackages ? ['electron', ...builtins] : undefined,
    packages: bundlePackages ? undefined : 'external',
    loader: { '.css': 'empty', '.node': 'empty' },
  });
  const edges = [];
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    for (const imp of input.imports) edges.push({ from: file, to: imp.path, external: !!imp.external });
  }
  return edges;
}

const violations = [];

// Rule 1: everything in desktop/src except main/ and preload/ (own files; packages external).
const notShell = sources(DESKTOP).filter((p) => !/\/src\/(main|preload)\//.test(p));
if (notShell.length) {
  for (const e of await importEdges(notShell, { bundlePackages: false })) {
    if (e.to === 'electron' || e.to.startsWith('electron/')) {
      violations.push(`${e.from} imports electron (only src/main and src/preload may)`);
    }
  }
}

// Rules 2 and 3: the renderer, with workspace packages bundled so transitive imports count.
const renderer = sources(join(DESKTOP, 'renderer'));
if (renderer.length) {
  for (const e of await importEdges(renderer, { bundlePackages: true, browser: true })) {
    if (builtins.has(e.to)) violations.push(`${e.from} (renderer) imports Node built-in ${e.to}`);
    if (e.to === 'electron') violations.push(`${e.from} (renderer) imports electron`);
    if (e.to.includes('apps/vault/') || e.to.startsWith('@vbi/vault')) {
      violations.push(`${e.from} (renderer) imports the vault (${e.to})`);
    }
  }
}

// Rule 4: cycles, on each part's own files (packages external), with import type not counted.
for (const dir of [DESKTOP, join(ROOT, 'packages/protocol/src'), join(ROOT, 'packages/indicia/src')]) {
  const graph = new Map();
  for (const e of await importEdges(sources(dir), { bundlePackages: false })) {
    if (e.external) continue;
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    graph.get(e.from).add(e.to);
  }
  for (const cycle of findCycles(graph)) violations.push(`import cycle: ${cycle.join(' → ')}`);
}

/** One cycle per strongly connected component of more than one file (Tarjan). */
function findCycles(graph) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const cycles = [];
  const visit = (v) => {
    info.set(v, { index, low: index, onStack: true });
    index += 1;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).onStack) {
        info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
      }
    }
    if (info.get(v).low === info.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push([...component.reverse(), component[0]]);
    }
  };
  for (const v of graph.keys()) if (!info.has(v)) visit(v);
  return cycles;
}

if (violations.length) {
  console.error(`layers: ${violations.length} violation(s)`);
  for (const v of [...new Set(violations)]) console.error(`  ${v}`);
  process.exit(1);
}
console.log(`layers: ok (${notShell.length} desktop non-shell files, ${renderer.length} renderer files checked; no import cycles)`);

// ESLint (flat config) with typescript-eslint: the rules that keep the code's shape — layer
// boundaries, IPC only in the bridge files, no floating promises (type-aware). `pnpm lint` runs it
// beside scripts/check-layers.mjs (which checks the resolved runtime import graph).
// Linted: apps/desktop, apps/vault, packages/*, e2e and bench (see docs/development.md, "Lint").
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads', 'zlib'];
const restrict = (patterns) => ['error', { patterns }];
const group = (names, message) => ({ group: names, message });

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'e2e/artifacts/**', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['apps/desktop/**/*.{ts,tsx}', 'apps/vault/**/*.ts', 'packages/*/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        tsconfigRootDir: import.meta.dirname,
        project: [
          'apps/desktop/tsconfig.json',
          'apps/desktop/tsconfig.renderer.json',
          'apps/vault/tsconfig.json',
          'packages/protocol/tsconfig.json',
          'packages/indicia/tsconfig.json',
          'e2e/tsconfig.json',
          'bench/tsconfig.json',
        ],
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // Raw IPC only in the two bridge files (main/ipc-host.ts, preload/preload.ts).
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'IPC goes through main/ipc-host.ts and preload/preload.ts only.' }] },
      ],
    },
  },
  {
    files: ['apps/desktop/src/renderer/**/*.tsx', 'apps/desktop/src/renderer/**/*.ts', 'apps/desktop/test/renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['apps/desktop/src/main/ipc-host.ts', 'apps/desktop/src/preload/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // Layer boundaries of the desktop app (docs/development.md has the map).
  {
    files: ['apps/desktop/src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        group(NODE_BUILTINS, 'shared/ is browser-safe: no Node built-ins.'),
        group(['electron', 'electron-updater', 'ws'], 'shared/ is browser-safe.'),
        group(['**/core/**', '**/main/**', '**/preload/**', '**/renderer/**', '**/web-host/**', '@vbi/vault', '@vbi/vault/*', '@vbi/indicia*'], 'shared/ imports only zod, @vbi/protocol and shared/.'),
      ]),
    },
  },
  {
    files: ['apps/desktop/src/renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        group(NODE_BUILTINS, 'The renderer runs in a sandboxed page: no Node built-ins.'),
        group(['electron', 'electron-updater', 'ws'], 'The renderer talks to the core only through the bridge.'),
        group(['**/core/**', '**/main/**', '**/preload/**', '**/web-host/**'], 'The renderer talks to the core only through the bridge (shared/contract.ts).'),
        group(['@vbi/vault', '@vbi/vault/*', '**/apps/vault/**', '@vbi/indicia*'], 'The renderer imports no vault and no indicium code.'),
      ]),
    },
  },
  {
    files: ['apps/desktop/src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        group(['electron', 'electron/*', 'electron-updater'], 'The core never imports Electron (main/ adapts it behind a port).'),
        group(['**/main/**', '**/preload/**', '**/renderer/**', '**/web-host/**', 'react', 'react-dom', 'zustand'], 'The core imports no host and no UI.'),
        group(['@vbi/vault', '@vbi/vault/*', '**/apps/vault/**'], 'The core talks to the vault over the wire only.'),
      ]),
    },
  },
  {
    files: ['apps/desktop/src/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        group(['**/core/**', '**/main/**', '**/renderer/**', '**/web-host/**'], 'The preload exposes the contract only: it imports shared/ and electron.'),
      ]),
    },
  },
  {
    files: ['apps/desktop/src/web-host/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        group(['electron', 'electron/*', 'electron-updater', '**/main/**', '**/preload/**', '**/renderer/**'], 'The web host serves the built renderer and the core; it imports no Electron and no UI source.'),
      ]),
    },
  },
  {
    files: ['apps/desktop/src/main/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([group(['**/renderer/**', '**/web-host/**', '**/preload/**'], 'The shell loads the built renderer and preload; it imports neither.')]),
    },
  },
  {
    files: ['apps/vault/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        group(['**/apps/desktop/**', '@vbi/desktop', '@vbi/desktop/*', 'electron', 'react', 'react-dom'], 'The vault serves any client over the wire: it imports no desktop code.'),
      ]),
    },
  },
  {
    files: ['packages/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([group(['@vbi/vault', '@vbi/vault/*', '**/apps/**', 'electron'], 'Packages are the bottom layer: no app imports them back.')]),
    },
  },
);

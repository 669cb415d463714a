#!/usr/bin/env node
// `npm start`: the vault on its embedded SQLite data folder (created with demo settings on first
// start) plus the desktop app — Electron when a binary is available (ELECTRON_PATH), otherwise
// the web host, whose address is printed. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap } from './bootstrap.mjs';
import { ROOT } from './lib.mjs';

const DATA = join(ROOT, '.vbi-data');
const VAULT_DATA = join(DATA, 'vault');
const PORT = process.env.VBI_VAULT_PORT ?? '7420';
const DEMO_FUNDS_MILLS = '100000'; // $100.000 for every new account, so a demo can buy postage
const tsx = join(ROOT, 'node_modules/.bin/tsx');
const children = [];

bootstrap({ forTests: false });
mkdirSync(DATA, { recursive: true });

/** Runs a command to completion, failing loudly. */
function runToEnd(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

/** Starts a long-running child and resolves with the first stdout line matching `ready`. */
function startService(name, cmd, args, ready, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let found = false;
    child.stdout.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim()) console.log(`[${name}] ${line}`);
        const m = !found && ready.exec(line);
        if (m) {
          found = true;
          resolve(m);
        }
      }
    });
    child.on('close', (code) => {
      if (!found) reject(new Error(`${name} exited (${code}) before it was ready`));
      else shutdown(code ?? 0);
    });
  });
}

function shutdown(code) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

if (!existsSync(join(VAULT_DATA, 'trust'))) {
  console.log('start: first run, creating the vault in .vbi-data/vault');
  await runToEnd(tsx, ['apps/vault/src/cli/main.ts', 'init', '--data', VAULT_DATA]);
}
const [, vaultUrl] = await startService(
  'vault',
  tsx,
  ['apps/vault/src/cli/main.ts', 'start', '--dev', '--data', VAULT_DATA, '--port', PORT, '--demo-funds', DEMO_FUNDS_MILLS],
  /listening on (ws:\/\/\S+)/,
);

await runToEnd('pnpm', ['--filter', '@vbi/desktop', 'build']);
const appEnv = {
  VBI_VAULT_URL: vaultUrl,
  VBI_TRUST_DIR: join(VAULT_DATA, 'trust'),
  VBI_PRINT_DIR: join(DATA, 'prints'),
};
if (process.env.ELECTRON_PATH) {
  await startService('app', process.env.ELECTRON_PATH, [join(ROOT, 'apps/desktop')], /^/, appEnv);
  console.log('start: the desktop app is open; Ctrl-C stops it and the vault');
} else {
  const [line] = await startService(
    'web host',
    tsx,
    ['apps/desktop/src/web-host/main.ts', '--vault', vaultUrl, '--trust', appEnv.VBI_TRUST_DIR,
      '--profile', join(DATA, 'profile'), '--print-dir', appEnv.VBI_PRINT_DIR, '--port', process.env.VBI_WEB_PORT ?? '5173'],
    /web host: http:\/\/\S+/,
    appEnv,
  );
  console.log(`\nNo Electron binary here (set ELECTRON_PATH to use one). Open the app in a browser:\n  ${line.replace('web host: ', '')}\nCtrl-C stops it and the vault.`);
}

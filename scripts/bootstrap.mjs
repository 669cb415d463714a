#!/usr/bin/env node
// Makes a fresh machine (Node 20 + npm) ready: pnpm, the workspace's dependencies and — for the
// tests — the Debian packages they use and a CUPS queue that writes PDFs. Plain Node, no
// dependencies, safe to run again: each step is skipped when already done.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

const PNPM_VERSION = '12.21.0';
// postgresql-15 and haproxy: the vault's PostgreSQL tests start their own servers (initdb/pg_ctl), and
// `pnpm cluster` puts haproxy in front of two vault processes.
const DEBIAN_PACKAGES = [
  'chromium', 'xvfb', 'cups', 'printer-driver-cups-pdf', 'poppler-utils', 'dmtx-utils', 'zbar-tools', 'openssl', 'softhsm2',
  'postgresql-15', 'haproxy',
];
export const PDF_QUEUE = 'VBI_PDF';

const say = (text) => console.log(`bootstrap: ${text}`);
const ok = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
// `lpstat -r` exits 0 whether or not the scheduler runs; only its words tell.
const cupsdRunning = () => /scheduler is running/.test(spawnSync('lpstat', ['-r'], { encoding: 'utf8' }).stdout ?? '');
const sh = (cmd, args, env = {}) => execFileSync(cmd, args, { stdio: 'inherit', cwd: ROOT, env: { ...process.env, ...env } });
const isRoot = process.getuid?.() === 0;
const asRoot = (cmd, args) => (isRoot ? sh(cmd, args) : sh('sudo', ['-n', cmd, ...args]));

export function ensurePnpm() {
  if (ok('pnpm', ['--version'])) return;
  say(`installing pnpm ${PNPM_VERSION} with npm`);
  sh('npm', ['install', '-g', `pnpm@${PNPM_VERSION}`]);
}

export function ensureDependencies() {
  const marker = join(ROOT, 'node_modules/.modules.yaml');
  const lock = join(ROOT, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  say('installing dependencies (first time: ~2 minutes, better-sqlite3 compiles from source)');
  // pnpm 12 does not pass nodedir to node-gyp; Node's headers ship with Debian's/nodesource's node.
  const env = existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {};
  sh('pnpm', ['install', '--frozen-lockfile'], { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', ...env });
}

export function ensureSystemPackages() {
  const missing = DEBIAN_PACKAGES.filter((p) => !ok('dpkg', ['-s', p]));
  if (missing.length === 0) return;
  if (!existsSync('/usr/bin/apt-get')) {
    throw new Error(`missing system packages ${missing.join(', ')} and no apt-get: install them by hand`);
  }
  say(`installing Debian packages: ${missing.join(' ')}`);
  process.env.DEBIAN_FRONTEND = 'noninteractive';
  asRoot('apt-get', ['update', '-qq']);
  asRoot('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing]);
}

/** A running cupsd with a cups-pdf queue, so printing tests go through a real CUPS queue. */
export function ensurePrintQueue() {
  if (!cupsdRunning()) {
    say('starting cupsd');
    asRoot('cupsd', []);
    for (let i = 0; i < 50 && !cupsdRunning(); i++) spawnSync('sleep', ['0.1']);
    if (!cupsdRunning()) throw new Error('cupsd did not start: see /var/log/cups/error_log');
  }
  if (ok('lpstat', ['-p', PDF_QUEUE])) return;
  const ppd = '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd';
  say(`adding the CUPS queue ${PDF_QUEUE} (cups-pdf, writes to ~/PDF)`);
  asRoot('lpadmin', ['-p', PDF_QUEUE, '-E', '-v', 'cups-pdf:/', ...(existsSync(ppd) ? ['-P', ppd] : [])]);
}

export function bootstrap({ forTests }) {
  ensurePnpm();
  ensureDependencies();
  if (forTests) {
    ensureSystemPackages();
    ensurePrintQueue();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  bootstrap({ forTests: process.argv.includes('--tests') });
  say('ready');
}

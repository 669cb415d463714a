/**
 * `pnpm cluster`: the vault as a vendor runs it at scale, on this machine — a PostgreSQL primary
 * with a synchronous streaming standby, two vault processes on it (each its own data folder),
 * and haproxy in front. Prints the one URL a desktop points at. Ctrl-C stops everything; the
 * next run starts the same cluster again (data under .vbi-data/cluster). docs/scale.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { REPO_ROOT } from '../config/paths.ts';
import { createPrimary, createStandby, existingServer, freePort, type LocalServer } from '../postgres/local-server.ts';
import { haproxyConfig, startHaproxy } from './haproxy.ts';

const USAGE = `Usage: pnpm cluster [--dir DIR] [--port PORT] [--reset]

Starts a local vault cluster: PostgreSQL primary + synchronous standby, two vault processes,
haproxy in front (WebSockets carried through). Prints the one URL a desktop points at.
Ctrl-C stops it all. See docs/scale.md (also for watching a failover).

Options:
  --dir DIR     where the cluster lives (default .vbi-data/cluster)
  --port PORT   haproxy's port (default 7430)
  --reset       delete DIR first and make a new cluster
  -h, --help    show this help
`;

interface ClusterFile {
  primary: { dir: string; port: number };
  standby: { dir: string; port: number };
  url: string;
}

const CLI = join(REPO_ROOT, 'apps/vault/src/cli/main.ts');
const children: ChildProcess[] = [];
const say = (line: string) => process.stdout.write(`cluster: ${line}\n`);

function vaultCli(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return child;
}

function runToEnd(args: string[]): Promise<void> {
  const child = vaultCli(args);
  child.stdout?.pipe(process.stderr);
  return new Promise((done, fail) => child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`vault ${args[0]} exited ${code}`)))));
}

function startVault(dataDir: string, name: string): Promise<string> {
  // --dev: the demo cluster keeps the key store passphrase in the data folder, as `npm start` does.
  const child = vaultCli(['start', '--dev', '--data', dataDir, '--port', '0', '--demo-funds', '100000']);
  return new Promise((done, fail) => {
    let seen = '';
    child.stdout?.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = /listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(seen);
      if (m) done(m[1] as string);
    });
    child.on('exit', (code) => fail(new Error(`${name} exited (${code}) before listening`)));
  });
}

async function makeCluster(dir: string): Promise<ClusterFile> {
  say('first run: making a PostgreSQL primary and a synchronous standby …');
  const primary = createPrimary({ dir: join(dir, 'pg-primary'), port: await freePort(), synchronousStandbys: 'standby1' });
  const standby = createStandby(primary, { dir: join(dir, 'pg-standby'), port: await freePort(), name: 'standby1' });
  const admin = postgres(primary.url(), { max: 1, onnotice: () => {} });
  await admin`CREATE DATABASE vbi`;
  await admin.end();
  const url = `postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/vbi?target_session_attrs=read-write`;
  say('making vault process 1 (keys, meters) and vault process 2 (joins it) …');
  await runToEnd(['init', '--data', join(dir, 'vault-1'), '--database', url]);
  await runToEnd(['init', '--data', join(dir, 'vault-2'), '--database', url, '--join', join(dir, 'vault-1')]);
  const file: ClusterFile = { primary: { dir: primary.dir, port: primary.port }, standby: { dir: standby.dir, port: standby.port }, url };
  writeFileSync(join(dir, 'cluster.json'), `${JSON.stringify(file, null, 2)}\n`);
  return file;
}

/** Starts the servers of an existing cluster; refuses two primaries (a failover's old primary started again). */
function startServers(file: ClusterFile): LocalServer[] {
  const servers = [existingServer(file.primary.dir, file.primary.port), existingServer(file.standby.dir, file.standby.port)];
  const primaries = servers.filter((s) => !existsSync(join(s.dir, 'standby.signal')));
  if (primaries.length > 1) {
    throw new Error('both servers are primaries (a failover happened): the old primary must become a standby again; run "pnpm cluster --reset" for a new cluster (docs/scale.md)');
  }
  for (const s of servers) if (s.pid() === null) s.start();
  return servers;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { dir: { type: 'string' }, port: { type: 'string' }, reset: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const dir = resolve(values.dir ?? join(REPO_ROOT, '.vbi-data/cluster'));
  const port = Number(values.port ?? 7430);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('--port must be a port number');
  if (values.reset) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o711 });
  const file = existsSync(join(dir, 'cluster.json'))
    ? (JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')) as ClusterFile)
    : await makeCluster(dir);
  const servers = startServers(file);
  const ports = await Promise.all([startVault(join(dir, 'vault-1'), 'vault 1'), startVault(join(dir, 'vault-2'), 'vault 2')]);
  const proxy = startHaproxy(join(dir, 'haproxy.cfg'), haproxyConfig(port, ports.map((p, i) => ({ name: `vault${i + 1}`, port: Number(p) }))));
  children.push(proxy);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
    for (const child of running) child.kill('SIGTERM');
    await Promise.all(running.map((child) => new Promise((done) => child.once('exit', done))));
    for (const s of servers) s.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  proxy.once('exit', (code) => {
    if (stopping) return;
    process.stderr.write(`cluster: haproxy exited (${code}); stopping\n`);
    void stop(1);
  });
  say(`PostgreSQL primary 127.0.0.1:${file.primary.port} (${file.primary.dir}), standby 127.0.0.1:${file.standby.port} (${file.standby.dir})`);
  say(`vault processes on ports ${ports.join(' and ')}, database ${file.url}`);
  say(`trust bundle: ${join(dir, 'vault-1', 'trust')}`);
  process.stdout.write(`\n  point the desktop at: ws://127.0.0.1:${port}/v1/meter\n\n`);
  say('Ctrl-C stops the cluster');
}

main().catch((err: unknown) => {
  process.stderr.write(`cluster: ${err instanceof Error ? err.message : String(err)}\n`);
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(1);
});

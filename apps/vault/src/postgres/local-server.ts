/**
 * Local PostgreSQL servers made with Debian's `initdb`/`pg_ctl` (postgresql-15): a primary and
 * streaming standbys in folders of their own, on loopback ports. Used by the tests, the bench
 * and `vault cluster`; production runs its own servers. As root, the server programs run as the
 * unprivileged `postgres` user (PostgreSQL refuses to run as root), which owns the folders.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, mkdtempSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian puts PostgreSQL 15's programs; `VBI_PG_BIN` overrides. */
export function postgresBin(program: string): string {
  const dir = process.env.VBI_PG_BIN ?? '/usr/lib/postgresql/15/bin';
  const path = join(dir, program);
  if (!existsSync(path)) throw new Error(`${path} not found: install postgresql-15 (apt-get install postgresql-15) or set VBI_PG_BIN`);
  return path;
}

const isRoot = process.getuid?.() === 0;
const SERVER_USER = 'postgres';

/** Runs a PostgreSQL program as the server's user; throws with its output when it fails. */
function runAsServerUser(program: string, args: string[]): string {
  const [cmd, argv] = isRoot ? ['runuser', ['-u', SERVER_USER, '--', postgresBin(program), ...args]] : [postgresBin(program), args];
  const r = spawnSync(cmd, argv as string[], { encoding: 'utf8', cwd: '/' });
  if (r.status !== 0) throw new Error(`${program} failed (${r.status}): ${(r.stderr || r.stdout || '').trim().slice(-2000)}`);
  return r.stdout;
}

/** A folder the server's user owns (root makes it, then hands it over). */
function ownedFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isRoot) return;
  const uid = Number(execFileSync('id', ['-u', SERVER_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', SERVER_USER], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
}

/** A new temporary folder for servers' data folders, which the server's user can enter. */
export function serverRoot(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o711);
  return dir;
}

/** A TCP port nobody listens on right now (the server binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface LocalServerOptions {
  /** The server's data folder (made here; must not exist or be empty). */
  dir: string;
  port: number;
  /** For a primary: the application names of the standbys a commit waits for ('' = none). */
  synchronousStandbys?: string;
  /** Extra `postgresql.conf` lines. */
  settings?: Record<string, string | number>;
}

export interface LocalServer {
  readonly dir: string;
  readonly port: number;
  /** postgres://postgres@127.0.0.1:PORT/DB */
  url(database?: string): string;
  start(): void;
  /** Fast shutdown (pg_ctl -m fast); safe to call when stopped. */
  stop(): void;
  /** The postmaster's pid, or null when it is not running. */
  pid(): number | null;
  /** SIGKILLs the postmaster (a machine dying): the server's other processes follow it. */
  kill(): void;
  /** Turns a standby into a primary (pg_ctl promote, waits until it accepts writes). */
  promote(): void;
}

const BASE_SETTINGS: Record<string, string | number> = {
  listen_addresses: "'127.0.0.1'",
  unix_socket_directories: "''",
  max_connections: 60,
  shared_buffers: "'64MB'",
  wal_level: 'replica',
  max_wal_senders: 8,
  hot_standby: 'on',
  // Durability stays the default (fsync on, synchronous_commit on): what the vault promises rests on it.
  fsync: 'on',
  synchronous_commit: 'on',
  logging_collector: 'off',
};

function confLines(settings: Record<string, string | number>): string {
  return Object.entries(settings).map(([k, v]) => `${k} = ${v}\n`).join('');
}

function handle(dir: string, port: number): LocalServer {
  const pidFile = join(dir, 'postmaster.pid');
  const server: LocalServer = {
    dir,
    port,
    url: (database = 'postgres') => `postgres://${SERVER_USER}@127.0.0.1:${port}/${database}`,
    start() {
      runAsServerUser('pg_ctl', ['-D', dir, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    },
    stop() {
      if (server.pid() === null) return;
      runAsServerUser('pg_ctl', ['-D', dir, '-m', 'fast', '-w', '-t', '60', 'stop']);
    },
    pid() {
      if (!existsSync(pidFile)) return null;
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      try {
        process.kill(pid, 0);
        return pid;
      } catch {
        return null;
      }
    },
    kill() {
      const pid = server.pid();
      if (pid === null) return;
      process.kill(pid, 'SIGKILL');
      // Children of the postmaster exit on their own once it is gone; wait for the port to free.
      for (let i = 0; i < 200 && server.pid() !== null; i++) spawnSync('sleep', ['0.05']);
    },
    promote() {
      runAsServerUser('pg_ctl', ['-D', dir, '-w', '-t', '60', 'promote']);
    },
  };
  return server;
}

/** Makes a new primary (initdb, trust on loopback only) and starts it. */
export function createPrimary(o: LocalServerOptions): LocalServer {
  if (existsSync(o.dir) && readdirSync(o.dir).length > 0) throw new Error(`${o.dir} is not empty`);
  ownedFolder(o.dir);
  runAsServerUser('initdb', ['-D', o.dir, '-U', SERVER_USER, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-instructions']);
  appendFileSync(join(o.dir, 'postgresql.conf'), confLines({
    ...BASE_SETTINGS, port: o.port, synchronous_standby_names: `'${o.synchronousStandbys ?? ''}'`, ...o.settings,
  }));
  // Loopback only, no password: a local test or demo server. Production uses scram-sha-256 and TLS.
  writeFileSync(join(o.dir, 'pg_hba.conf'), 'host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n');
  const server = handle(o.dir, o.port);
  server.start();
  return server;
}

/**
 * Makes a streaming standby of `primary` (pg_basebackup -R) named `name` (its application_name,
 * which the primary's synchronous_standby_names refers to) and starts it.
 */
export function createStandby(primary: LocalServer, o: { dir: string; port: number; name: string }): LocalServer {
  if (existsSync(o.dir) && readdirSync(o.dir).length > 0) throw new Error(`${o.dir} is not empty`);
  ownedFolder(o.dir);
  runAsServerUser('pg_basebackup', [
    '-h', '127.0.0.1', '-p', String(primary.port), '-U', SERVER_USER, '-D', o.dir, '-R', '-X', 'stream', '-c', 'fast',
    '-d', `application_name=${o.name}`,
  ]);
  appendFileSync(join(o.dir, 'postgresql.conf'), confLines({ port: o.port }));
  const server = handle(o.dir, o.port);
  server.start();
  return server;
}

/** A server already made in `dir` (e.g. by an earlier run of `vault cluster`). */
export function existingServer(dir: string, port: number): LocalServer {
  if (!existsSync(join(dir, 'PG_VERSION')) || !statSync(dir).isDirectory()) throw new Error(`${dir} holds no PostgreSQL server`);
  return handle(dir, port);
}

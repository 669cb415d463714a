/**
 * Connections to PostgreSQL with `postgres` (postgres.js, docs/scale.md "Client library"):
 * prepared statements and pipelining on every connection.
 *
 * Failover is ours, not the driver's: a URL may name several hosts (`postgres://h1:5432,h2:5432/vbi`,
 * as libpq writes it), and `PgPrimary` connects to the one that is not a standby
 * (`pg_is_in_recovery()` false), then, when its connection breaks or it answers as a standby,
 * looks again. postgres.js 3.4.9 has multi-host URLs and target_session_attrs, but checks the
 * session attributes on a pool's first connection only, not when it reconnects after a failover
 * (measured here: it went on reading from the standby), so the vault does not rely on it.
 */
import postgres from 'postgres';
import { StorageUnavailable } from '../storage.ts';

export type Sql = postgres.Sql<Record<string, never>>;

/** int8 as a JavaScript number: every value the vault stores (mills, ids, counts) is far below 2^53. */
const INT8_AS_NUMBER = {
  to: 20,
  from: [20],
  serialize: (x: number) => String(x),
  parse: (x: string) => Number(x),
};

export interface ConnectOptions {
  /** Connections in the pool (default 4). */
  max?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

/** How long finding the primary may take per host. */
const PROBE_TIMEOUT_MS = 3000;

/** The hosts of a (multi-host) URL, each as a single-host URL with the same user, database and parameters. */
export function hostUrls(url: string): string[] {
  const m = /^(postgres(?:ql)?:\/\/)(?:([^@/]*)@)?([^/?]*)(.*)$/.exec(url);
  if (m === null) throw new Error('not a PostgreSQL URL');
  const [, scheme, auth, hosts, rest] = m as unknown as [string, string, string | undefined, string, string];
  const q = new URL(`http://h${rest.startsWith('/') ? rest : `/${rest}`}`);
  q.searchParams.delete('target_session_attrs');
  const tail = `${q.pathname}${q.search}`;
  return hosts.split(',').map((h) => `${scheme}${auth === undefined ? '' : `${auth}@`}${h}${tail}`);
}

/** A pool on one host. */
export function connect(url: string, o: ConnectOptions = {}): Sql {
  return postgres(url, {
    max: o.max ?? 4,
    types: { int8: INT8_AS_NUMBER },
    connect_timeout: 3,
    // Server notices (e.g. a synchronous-replication wait cancelled) are not ours to print.
    onnotice: () => {},
    connection: { application_name: o.applicationName ?? 'vbi-vault' },
  }) as unknown as Sql;
}

/** `work`, or StorageUnavailable after `ms`. */
export function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StorageUnavailable(`${what}: no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Whether the host at `url` is a primary; null when it cannot be reached. */
async function isPrimary(url: string): Promise<boolean | null> {
  const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    const [row] = await within(PROBE_TIMEOUT_MS, probe`SELECT pg_is_in_recovery() AS standby`, 'probe');
    return row?.standby === false;
  } catch {
    return null;
  } finally {
    void probe.end({ timeout: 0 }).catch(() => {});
  }
}

/**
 * The pool on the database's primary. `sql()` finds it on first use and after `reset()`; a caller
 * whose connection broke, or who learnt that the host became a standby, calls `reset()`.
 */
export class PgPrimary {
  private current: Promise<Sql> | null = null;
  private readonly hosts: string[];

  constructor(url: string, private readonly o: ConnectOptions = {}) {
    this.hosts = hostUrls(url);
  }

  sql(): Promise<Sql> {
    this.current ??= this.find();
    const found = this.current;
    found.catch(() => {
      if (this.current === found) this.current = null;
    });
    return found;
  }

  reset(): void {
    const old = this.current;
    this.current = null;
    void old?.then((sql) => sql.end({ timeout: 0 })).catch(() => {});
  }

  async end(): Promise<void> {
    const old = this.current;
    this.current = null;
    await old?.then((sql) => sql.end({ timeout: 5 })).catch(() => {});
  }

  private async find(): Promise<Sql> {
    const host = this.hosts.length === 1 ? this.hosts[0] : await this.primaryHost();
    if (host === undefined) throw new StorageUnavailable('no primary database server answers');
    const sql = connect(host, this.o);
    // The first connection learns the server's array types; a query with an array parameter
    // built before that is sent as plain text ("malformed array literal").
    try {
      await within(PROBE_TIMEOUT_MS, sql`SELECT 1`, 'connect');
    } catch (err) {
      void sql.end({ timeout: 0 }).catch(() => {});
      throw err;
    }
    return sql;
  }

  private async primaryHost(): Promise<string | undefined> {
    for (const host of this.hosts) if ((await isPrimary(host)) === true) return host;
    return undefined;
  }
}

/** A lost connection, or a server that is (now) a standby: look for the primary again. */
export function connectionLost(err: unknown): boolean {
  const e = err as { name?: string; severity?: string; code?: unknown };
  if (err instanceof StorageUnavailable) return true;
  // 25006 read_only_sql_transaction: the host we write to has become a standby.
  if (e.name === 'PostgresError') return e.severity !== 'ERROR' || e.code === '25006';
  return typeof e.code === 'string';
}

/** A database error's words for a log line (never the URL, which may carry a password). */
export function pgMessage(err: unknown): string {
  return err instanceof Error ? err.message : 'database error';
}

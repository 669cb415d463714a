/**
 * Connections to PostgreSQL with `postgres` (postgres.js, docs/scale.md "Client library"):
 * prepared statements and pipelining on every connection, multi-host URLs for failover.
 */
import postgres from 'postgres';

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

/**
 * Opens a pool on `url`. A multi-host URL (`postgres://h1:5432,h2:5432/vbi`) tries the hosts in
 * order and, with `target_session_attrs=read-write` or `primary`, takes only the one that is not
 * a standby: after a failover the next connection lands on the promoted standby.
 */
export function connect(url: string, o: ConnectOptions = {}): Sql {
  const parsed = new URL(url.replace(/@([^/?]*)/, '@host'));
  const attrs = parsed.searchParams.get('target_session_attrs');
  return postgres(url, {
    max: o.max ?? 4,
    // postgres.js 3.4 checks only default_transaction_read_only for "read-write", which is off on
    // a hot standby too; "primary" checks pg_is_in_recovery(), which is what read-write means here.
    ...(attrs === 'read-write' ? { target_session_attrs: 'primary' as const } : {}),
    types: { int8: INT8_AS_NUMBER },
    connect_timeout: 5,
    // Server notices (e.g. a synchronous-replication wait cancelled) are not ours to print.
    onnotice: () => {},
    connection: { application_name: o.applicationName ?? 'vbi-vault' },
  }) as unknown as Sql;
}

/** A database error's words for a log line (never the URL, which may carry a password). */
export function pgMessage(err: unknown): string {
  return err instanceof Error ? err.message : 'database error';
}

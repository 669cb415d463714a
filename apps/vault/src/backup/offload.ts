/**
 * Off-loads the transaction log to `<data>/backup/log/` (SPEC §4.5): every `intervalSeconds`
 * (default 120) and once more on stop, it seals the entries committed since the last segment,
 * with the rows they touched, into the next segment of the chain. It reads through its own
 * read-only connection (log-source.ts, either database), so it never blocks a commit for longer
 * than one read.
 */
import { errorText, type VaultLog } from '../log/vault-log.ts';
import { join } from 'node:path';
import type { SingleDatabase } from '../config/vault-config.ts';
import type { BackupKeys } from './keys.ts';
import { openLogSource, type LogSource } from './log-source.ts';
import type { OffloadCursor } from './rows.ts';
import { GENESIS_SEGMENT_HASH, listSegments, LOG_SUBDIR, readSegment, writeSegment } from './segment.ts';

const MAX_ENTRIES_PER_SEGMENT = 5000;

export interface OffloadOptions {
  dataDir: string;
  database: SingleDatabase;
  /** Where the segments go (default DATA/backup/log; a shard's: DATA/backup/log/<shard>). */
  logDir?: string | undefined;
  keys: BackupKeys;
  intervalSeconds: number;
  log: VaultLog;
}

export class LogOffloader {
  private seq = 0;
  private cursor: OffloadCursor = { log: 0, credit: 0, audit: 0 };
  private lastHash: string | null = null;
  private prevHash = GENESIS_SEGMENT_HASH;
  private paused: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private readonly source: LogSource;
  readonly dir: string;

  constructor(private readonly opts: OffloadOptions) {
    this.dir = opts.logDir ?? join(opts.dataDir, LOG_SUBDIR);
    this.source = openLogSource(opts.database);
    const segments = listSegments(this.dir);
    const newest = segments[segments.length - 1];
    if (newest === undefined) return;
    try {
      const seg = readSegment(newest.file, opts.keys.segment);
      this.seq = seg.header.seq;
      // A segment written before the ledger schema carries no credits or audits: the next one starts them from the first.
      this.cursor = { log: seg.header.toId, credit: seg.header.creditsTo ?? 0, audit: seg.header.auditTo ?? 0 };
      this.lastHash = seg.body.entries[seg.body.entries.length - 1]?.hash ?? null;
      this.prevHash = seg.hash;
    } catch {
      this.pause('the newest off-loaded segment does not verify');
    }
  }

  /** Starts the periodic off-load (unref'd: it never keeps the process alive). */
  start(): this {
    if (this.opts.intervalSeconds > 0) {
      this.timer = setInterval(() => void this.offloadNow(), this.opts.intervalSeconds * 1000);
      this.timer.unref();
    }
    return this;
  }

  /** Writes segments until the database's log, credits and audit log are covered; returns how many log entries went out. One run at a time. */
  offloadNow(): Promise<number> {
    this.running ??= this.offload().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async offload(): Promise<number> {
    if (this.paused !== null) return 0;
    let total = 0;
    try {
      if (this.lastHash !== null && (await this.source.entry(this.cursor.log))?.hash !== this.lastHash) {
        this.pause("the database's transaction log differs from the off-loaded one (was the database replaced?)");
        return 0;
      }
      for (;;) {
        const body = await this.source.segmentBody(this.cursor, MAX_ENTRIES_PER_SEGMENT);
        if (body === null) return total;
        const last = body.entries[body.entries.length - 1];
        const to = {
          log: last?.id ?? this.cursor.log, credit: body.credits?.at(-1)?.id ?? this.cursor.credit, audit: body.audits?.at(-1)?.id ?? this.cursor.audit,
        };
        const seq = this.seq + 1;
        this.prevHash = writeSegment(this.dir, seq, this.prevHash, body, to, this.opts.keys.segment);
        this.seq = seq;
        this.cursor = to;
        this.lastHash = last?.hash ?? this.lastHash;
        total += body.entries.length;
      }
    } catch (err) {
      this.opts.log.warn('log off-load failed (will retry)', { error: errorText(err) });
      return total;
    }
  }

  /** Off-loads what is left and closes the connection. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.offloadNow();
    await this.source.close();
  }

  private pause(why: string): void {
    this.paused = why;
    this.opts.log.error('log off-load PAUSED; run "pnpm vault verify-log" (docs/reliability.md)', { reason: why });
  }
}

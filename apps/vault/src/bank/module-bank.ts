/**
 * The module bank on the main thread: N module workers, a queue of commands, and group commit.
 * Each free module takes up to `maxBatch` queued commands (different meters), runs them as one
 * batch and posts the batch straight to the committer, which makes it durable in ONE database
 * transaction; the bank releases the answers only once the committer says so, and only then
 * gives that module its next batch (SPEC §4.3, §4.4).
 *
 * On a sharded storage (Storage.placement) each module serves the meters of its own shard: a
 * batch holds commands of one shard only, so it commits in one transaction on that database.
 */
import { ProtocolError } from '@vbi/protocol';
import type { ModuleKeys } from '../keystore/backend.ts';
import { errorText, type VaultLog } from '../log/vault-log.ts';
import type { BatchCommitter } from '../storage/batch-committer.ts';
import { StorageUnavailable, type AuditEntry, type Placement, type Storage, type StoredCheckpoint } from '../storage/storage.ts';
import {
  COSTLY_OPS,
  type BatchReply, type CommandResult, type MintRequest, type MintResult, type ModuleCommand, type ModuleRequest, type NewMeterKey, type OperatorNote,
  type RecoverOutcome, type RekeyRequest,
} from './messages.ts';
import { ModuleHandle } from './module-handle.ts';

export interface BankOptions {
  dataDir: string;
  modules: number;
  /** This vault process's id (vault-config.ts): the module serials it runs are claimed in its name (withMemory only). */
  owner?: string;
  storage: Storage;
  /** Commits value batches; null for a bank that only mints (`withMemory: false`). */
  committer: BatchCommitter | null;
  keys: ModuleKeys;
  /** How many failing modules are tolerated before value transactions stop (SPEC §4.3). */
  haltThreshold: number;
  refundWindowDays: number;
  maxBatch: number;
  keyCacheSize: number;
  /** false: minting only (no memory files, no batches). */
  withMemory: boolean;
  /** Commands waiting for a module at most; more are refused BUSY (default 4,096). */
  maxQueue?: number;
  /** `hello` signatures waiting in the modules at most; more are refused BUSY (default 32 per module). */
  maxPendingHellos?: number;
  /** Told of every committed batch: its size and how long its commit took (metrics). */
  onBatch?: (size: number, commitSeconds: number) => void;
  log: VaultLog;
}

export const DEFAULT_MAX_QUEUE = 4096;
export const DEFAULT_HELLOS_PER_MODULE = 32;
/** register/login commands (scrypt) per batch at most. */
const COSTLY_PER_BATCH = 2;

export type ModuleState = 'ready' | 'inhibited' | 'down';

interface Slot {
  handle: ModuleHandle;
  /** The shard whose meters this module serves (0 on a single database). */
  shard: number;
  state: ModuleState;
  busy: boolean;
  db: StoredCheckpoint | null;
}

interface Job {
  request: ModuleRequest;
  /** The shard of the request's meter. */
  shard: number;
  resolve: (result: CommandResult) => void;
}

/** How long a command may wait in the queue for a module. */
const QUEUE_TIMEOUT_MS = 5000;
const UNAVAILABLE: CommandResult = { ok: false, code: 'MODULE_UNAVAILABLE', message: 'no module is available' };
const INTERNAL: CommandResult = { ok: false, code: 'INTERNAL', message: 'internal error' };
const QUEUE_FULL: CommandResult = { ok: false, code: 'BUSY', message: 'the vault is busy; try again shortly' };

export class ModuleBank {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private roundRobin = 0;
  private nextCommitId = 1;
  private idleWaiters: Array<() => void> = [];
  private hellosPending = 0;
  /** Where meters and modules live on a sharded storage (a bank that serves meters only). */
  private placement: Placement | undefined;
  private readonly maxQueue: number;
  private readonly maxPendingHellos: number;

  private constructor(private readonly opts: BankOptions) {
    this.maxQueue = opts.maxQueue ?? DEFAULT_MAX_QUEUE;
    this.maxPendingHellos = opts.maxPendingHellos ?? DEFAULT_HELLOS_PER_MODULE * opts.modules;
  }

  /** Starts the workers, checks each against the database and the module table. */
  static async start(opts: BankOptions): Promise<ModuleBank> {
    const bank = new ModuleBank(opts);
    // Serials are claimed in the database, so they are unique across the processes sharing it;
    // a minting-only bank keeps no memory and writes no log, and numbers its modules 1..N.
    if (opts.withMemory && opts.owner === undefined) throw new Error('a bank with memory needs its process id');
    const rows = opts.withMemory ? await opts.storage.claimModules(opts.owner as string, opts.modules) : [];
    const serials = opts.withMemory ? rows.map((r) => r.serial) : Array.from({ length: opts.modules }, (_, i) => i + 1);
    const place = opts.withMemory ? opts.storage.placement : undefined;
    bank.placement = place;
    for (const serial of serials) {
      const handle = new ModuleHandle(serial, (h) => bank.moduleDown(h));
      bank.slots.push({ handle, shard: place?.shardOfModule(serial) ?? 0, state: 'ready', busy: false, db: null });
    }
    const unserved = Array.from({ length: place?.shards ?? 1 }, (_, k) => k).filter((k) => !bank.slots.some((s) => s.shard === k));
    if (unserved.length > 0) throw new Error(`no module serves shard(s) ${unserved.join(', ')}: run at least as many modules as there are shards`);
    const { keys } = opts;
    await Promise.all(bank.slots.map(async (slot) => {
      try {
        await slot.handle.start({
          dataDir: opts.dataDir, serial: slot.handle.serial, withMemory: opts.withMemory,
          refundWindowDays: opts.refundWindowDays, keyCacheSize: opts.keyCacheSize,
        }, keys, opts.committer?.modulePort(slot.shard) ?? null);
      } catch (err) {
        slot.state = 'down';
        opts.log.error('module failed to start', { module: slot.handle.serial, error: errorText(err) });
        await opts.storage.appendAudit([{ at: new Date().toISOString(), event: 'module-failed', moduleSerial: slot.handle.serial }]);
      }
    }));
    if (!opts.withMemory) return bank;
    for (const slot of bank.slots) {
      if (slot.state !== 'ready') continue;
      const serial = slot.handle.serial;
      slot.db = (await opts.storage.checkpoint(serial)) ?? null;
      const outcome = await slot.handle.check(slot.db);
      const row = rows.find((r) => r.serial === serial);
      const tableAgrees = outcome.newest === null
        ? row?.lastTxAt == null
        : row?.lastTxAt === outcome.newest.at && row.lastTxValue === outcome.newest.value;
      const audits: AuditEntry[] = [...outcome.audits];
      if (outcome.status === 'mismatch' || !tableAgrees) {
        slot.state = 'inhibited';
        if (outcome.status !== 'mismatch') audits.push({ at: new Date().toISOString(), event: 'module-table-mismatch', moduleSerial: serial });
        opts.log.error('module inhibited: its checkpoint does not match the database (operator recovery needed)', { module: serial });
      } else if (outcome.status === 'recovered') {
        opts.log.warn('module auto-recovered to the database checkpoint', { module: serial });
      }
      if (audits.length > 0) await opts.storage.appendAudit(audits);
    }
    if (bank.halted) opts.log.error('vault HALTED', { failingModules: bank.failing, threshold: opts.haltThreshold });
    return bank;
  }

  get failing(): number {
    return this.slots.filter((s) => s.state !== 'ready').length;
  }

  /** True when more modules fail than the threshold: no value transactions. */
  get halted(): boolean {
    return this.failing > this.opts.haltThreshold;
  }

  status(): Array<{ serial: number; state: ModuleState }> {
    return this.slots.map((s) => ({ serial: s.handle.serial, state: s.state }));
  }

  /**
   * Queues a command for the next free module; resolves once its batch is committed. The caller
   * holds the meter exclusively (one command per meter in flight), so the package the bank reads
   * when it dispatches the batch is the meter's current one.
   */
  submit(request: ModuleRequest): Promise<CommandResult> {
    const shard = this.shardOf(request.meterId);
    if (!this.slots.some((s) => s.state === 'ready' && s.shard === shard)) return Promise.resolve(UNAVAILABLE);
    if (this.queue.length >= this.maxQueue) return Promise.resolve(QUEUE_FULL);
    return new Promise((resolve) => {
      const job: Job = { request, shard, resolve };
      this.queue.push(job);
      // A command no module took in time (every module waits on its commit: the database is away
      // or its synchronous standby is) is refused; it changed nothing.
      const timer = setTimeout(() => {
        const at = this.queue.indexOf(job);
        if (at < 0) return;
        this.queue.splice(at, 1);
        resolve(UNAVAILABLE);
      }, QUEUE_TIMEOUT_MS);
      timer.unref();
      job.resolve = (result) => {
        clearTimeout(timer);
        resolve(result);
      };
      this.pump();
    });
  }

  /**
   * A hello signature by the next module. A module serves its messages in order, so hellos wait
   * behind batches and batches behind hellos: their number is bounded (BUSY beyond), so a flood
   * of hellos cannot queue unbounded work in front of value transactions.
   */
  async hello(clientNonce: string): Promise<{ serial: number; signature: string }> {
    if (this.hellosPending >= this.maxPendingHellos) throw new ProtocolError('BUSY', 'the vault is busy; try again shortly');
    const handle = this.pick();
    this.hellosPending++;
    try {
      return { serial: handle.serial, signature: await handle.hello(clientNonce) };
    } finally {
      this.hellosPending--;
    }
  }

  /** Commands waiting for a module, and hello signatures waiting in the modules (metrics). */
  get depths(): { queue: number; hellos: number } {
    return { queue: this.queue.length, hellos: this.hellosPending };
  }

  mint(request: MintRequest): Promise<MintResult> {
    return this.pick().mint(request);
  }

  /** A new key and certificate for a meter (a minting bank: the only one holding the CA key). */
  rekey(request: RekeyRequest): Promise<NewMeterKey> {
    return this.pick().rekey(request);
  }

  /**
   * Operator recovery in place of one inhibited module (docs/vault.md): the module adopts the
   * database's checkpoint (MAC checked in the module) and serves again; the other modules never
   * stop. Refused, changing nothing, when the module is not inhibited here or the module table
   * disagrees with the checkpoint (the database was changed outside the vault: restore it).
   */
  async recoverModule(serial: number, note: OperatorNote): Promise<RecoverOutcome> {
    const slot = this.slots.find((s) => s.handle.serial === serial);
    if (slot === undefined) throw new Error(`module ${serial} is not run by this vault process`);
    if (slot.state === 'ready') throw new Error(`module ${serial} is not inhibited: there is nothing to recover`);
    if (slot.state === 'down') throw new Error(`module ${serial} is down (its thread stopped): restart the vault`);
    const { storage } = this.opts;
    const db = (await storage.checkpoint(serial)) ?? null;
    const row = (await storage.modules()).find((m) => m.serial === serial);
    const record = db === null ? null : (JSON.parse(db.record) as { at: string; lastAmount: number });
    const tableAgrees = record === null ? row?.lastTxAt == null : row?.lastTxAt === record.at && row.lastTxValue === record.lastAmount;
    if (!tableAgrees) {
      throw new Error(`module ${serial}: the module table disagrees with its checkpoint in the database (changed outside the vault): restore the database (vault recover)`);
    }
    const outcome = await slot.handle.recover(db, (await storage.lastModuleEntry(serial)) ?? null, note);
    await storage.appendAudit(outcome.audits);
    slot.db = db;
    slot.state = 'ready';
    this.opts.log.warn('module recovered in place by the operator', { module: serial });
    this.pump();
    return outcome;
  }

  /** True when no command waits and no batch runs. */
  get quiet(): boolean {
    return this.queue.length === 0 && !this.slots.some((s) => s.busy);
  }

  /** Resolves when no batch is in flight and the queue is empty. */
  idle(): Promise<void> {
    if (this.queue.length === 0 && !this.slots.some((s) => s.busy)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    await this.idle();
    await Promise.all(this.slots.map((s) => s.handle.stop()));
  }

  private shardOf(meterId: string): number {
    return this.placement === undefined ? 0 : this.placement.shardOfMeter(meterId);
  }

  private pick(): ModuleHandle {
    const ready = this.slots.filter((s) => s.state === 'ready');
    if (ready.length === 0) throw new Error('no module is available');
    this.roundRobin = (this.roundRobin + 1) % ready.length;
    return (ready[this.roundRobin] as Slot).handle;
  }

  /**
   * The next batch: up to `maxBatch` commands in queue order, of which at most
   * COSTLY_PER_BATCH register, login or other passphrase op (each a scrypt of about 50 ms or more); the others wait for the
   * next batch. A batch answers all its commands together, so a flood of registrations or
   * password guesses must not make every value transaction of the batch wait for all of them.
   */
  private takeBatch(shard: number): Job[] {
    const taken: Job[] = [];
    let costly = 0;
    let i = 0;
    while (i < this.queue.length && taken.length < this.opts.maxBatch) {
      const job = this.queue[i] as Job;
      if (job.shard !== shard) {
        i++;
        continue;
      }
      const isCostly = COSTLY_OPS.has(job.request.op);
      if (isCostly && costly >= COSTLY_PER_BATCH) {
        i++;
        continue;
      }
      if (isCostly) costly++;
      taken.push(job);
      this.queue.splice(i, 1);
    }
    return taken;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.state !== 'ready' || slot.busy) continue;
      const jobs = this.takeBatch(slot.shard);
      if (jobs.length === 0) continue;
      slot.busy = true;
      void this.runBatch(slot, jobs);
    }
    // Commands of a shard no ready module serves any more are refused; they changed nothing.
    const served = new Set(this.slots.filter((s) => s.state === 'ready').map((s) => s.shard));
    if (this.queue.length > 0 && served.size < (this.placement?.shards ?? 1)) {
      for (const job of this.queue.filter((j) => !served.has(j.shard))) {
        this.queue.splice(this.queue.indexOf(job), 1);
        job.resolve(UNAVAILABLE);
      }
    }
    if (this.queue.length === 0 && !this.slots.some((s) => s.busy)) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private async runBatch(slot: Slot, queued: Job[]): Promise<void> {
    const jobs: Job[] = [];
    const commitId = this.nextCommitId++;
    try {
      const meterIds = queued.map((j) => j.request.meterId);
      const [packages, newest] = await Promise.all([this.opts.storage.sealedPackages(meterIds), this.opts.storage.newestLogEntries(meterIds)]);
      const commands: ModuleCommand[] = [];
      queued.forEach((job, i) => {
        const sealedPackage = packages[i];
        if (sealedPackage === undefined) {
          job.resolve(INTERNAL);
          return;
        }
        jobs.push(job);
        commands.push({ ...job.request, sealedPackage, newestEntry: newest[i] ?? null } as ModuleCommand);
      });
      if (jobs.length > 0) {
        const results = await this.run(slot, commitId, commands);
        jobs.forEach((job, i) => job.resolve(results[i] as CommandResult));
      }
    } catch (err) {
      this.opts.committer?.forget(commitId);
      this.opts.log.error('batch failed', { module: slot.handle.serial, error: errorText(err) });
      const failed = slot.handle.down || err instanceof StorageUnavailable ? UNAVAILABLE : INTERNAL;
      for (const job of jobs.length > 0 ? jobs : queued) job.resolve(failed);
    }
    slot.busy = false;
    this.pump();
  }

  /** Runs one batch in its module and waits for its commit; returns the answers to release. */
  private async run(slot: Slot, commitId: number, commands: ModuleCommand[]): Promise<CommandResult[]> {
    const committer = this.opts.committer;
    if (committer === null) throw new Error('this bank only mints');
    const serial = slot.handle.serial;
    // Asked for before the module can post: the committer's word may come before the module's reply.
    const committed = committer.outcome(commitId);
    const started = performance.now();
    const reply: BatchReply = await slot.handle.batch(commitId, slot.db, commands);
    if (reply.inhibited) {
      slot.state = 'inhibited';
      this.opts.log.error('module inhibited: checkpoint mismatch', { module: serial });
      if (this.halted) this.opts.log.error('vault HALTED', { failingModules: this.failing, threshold: this.opts.haltThreshold });
    }
    if (!reply.committing) {
      committer.forget(commitId);
      if (reply.audits.length > 0) await this.opts.storage.appendAudit(reply.audits);
      return reply.results;
    }
    try {
      await committed;
    } catch (err) {
      // The module is now one batch ahead of the database; its next batch auto-recovers it.
      this.opts.log.error('batch commit failed', { module: serial, error: errorText(err) });
      return reply.results.map(() => INTERNAL);
    }
    slot.db = reply.checkpoint;
    this.opts.onBatch?.(commands.length, (performance.now() - started) / 1000);
    return reply.results;
  }

  private moduleDown(handle: ModuleHandle): void {
    const slot = this.slots.find((s) => s.handle === handle);
    if (slot === undefined || slot.state === 'down') return;
    slot.state = 'down';
    this.opts.log.error('module down', { module: handle.serial });
    this.opts.storage.appendAudit([{ at: new Date().toISOString(), event: 'module-down', moduleSerial: handle.serial }]).catch(() => {
      // the database may already be closed during shutdown
    });
    this.pump();
  }
}

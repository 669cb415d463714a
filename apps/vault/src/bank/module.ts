/** One module of the bank (SPEC §4.2–4.3): checkpoints, batches, hello and minting. */
import { createHash } from 'node:crypto';
import { canonicalJson, helloSignatureInput } from '@vbi/protocol';
import { formatDeviceId } from '@vbi/indicia';
import type { ModuleLogEntry } from '../ledger/chain.ts';
import type { AuditEntry, BatchCommit, StoredCheckpoint } from '../storage/storage.ts';
import type { KeyAccess, KeyBackend, MeterSigner } from '../keystore/backend.ts';
import type { MeterCertificateIssuer } from '../keystore/ca.ts';
import { openBackend } from '../keystore/open-backend.ts';
import { KeyCache } from './key-cache.ts';
import { auditsOf, buildBatchCommit } from './batch-commit.ts';
import type { BatchReply, CheckOutcome, CommandResult, MintRequest, MintResult, ModuleCommand, ModuleSettings } from './messages.ts';
import { ModuleMemory, type MemoryRecord, type TxSummary } from './module-memory.ts';
import { executeCommand, type OpsContext } from './module-ops.ts';
import { sealPackage, wrapSecret, type PsdPackage } from './psd-package.ts';

export const VENDOR_ID = 1;
export const PSD_MODEL = 1;
const KEY_YEARS = 3;

interface CheckpointRecord {
  moduleSerial: number;
  seq: number;
  at: string;
  count: number;
  lastMeterId: string;
  lastTxType: string;
  lastAmount: number;
  lastAr: number;
  lastDr: number;
  batchHash: string;
  totals: { reset: number; printed: number; refunded: number };
}

function sameCheckpoint(a: StoredCheckpoint | null, b: StoredCheckpoint | null): boolean {
  if (a === null || b === null) return a === b;
  return a.record === b.record && a.mac === b.mac;
}

function newestOf(record: MemoryRecord): { at: string; value: number } | null {
  if (record.checkpoint === null) return null;
  const r = JSON.parse(record.checkpoint.record) as CheckpointRecord;
  return { at: r.at, value: r.lastAmount };
}

export class Module {
  private inhibited = false;
  private readonly ctx: OpsContext;

  private constructor(
    private readonly settings: ModuleSettings,
    private readonly keys: KeyBackend,
    private readonly caCertPem: string,
    private readonly memory: ModuleMemory | null,
  ) {
    this.ctx = {
      keys,
      signingKeys: new KeyCache<MeterSigner>(settings.keyCacheSize, (signer) => signer.release()),
      hmks: new KeyCache<Buffer>(settings.keyCacheSize),
      refundWindowDays: settings.refundWindowDays,
    };
  }

  /** Opens this module's own key backend (a token session of its own on PKCS#11). */
  static async open(settings: ModuleSettings, access: KeyAccess, caCertPem: string): Promise<Module> {
    const keys = openBackend(access);
    const memory = settings.withMemory ? ModuleMemory.open(settings.dataDir, settings.serial, keys.moduleMemory(settings.serial), true) : null;
    return new Module(settings, keys, caCertPem, memory);
  }

  private issuer: Promise<MeterCertificateIssuer> | null = null;

  /** The CA signer, loaded on first use (@peculiar/x509 is slow to load; batches never need it). */
  private certificateIssuer(): Promise<MeterCertificateIssuer> {
    this.issuer ??= import('../keystore/ca.ts').then((m) => new m.MeterCertificateIssuer((tbs) => this.keys.signAsCa(tbs), this.caCertPem));
    return this.issuer;
  }

  private get mem(): ModuleMemory {
    if (this.memory === null) throw new Error('this module has no memory (minting only)');
    return this.memory;
  }

  /** SPEC §4.3: compares the database's checkpoint with this module's records. */
  check(db: StoredCheckpoint | null): CheckOutcome {
    const mem = this.mem;
    if (this.inhibited) return { status: 'mismatch', audits: [], newest: null };
    const records = mem.content.records;
    const newestIndex = records.length - 1;
    if (sameCheckpoint(db, records[newestIndex]?.checkpoint ?? null)) {
      return { status: 'ok', audits: [], newest: newestOf(mem.newest) };
    }
    for (let i = newestIndex - 1; i >= Math.max(0, newestIndex - 2); i--) {
      if (!sameCheckpoint(db, records[i]?.checkpoint ?? null)) continue;
      const discarded = mem.rollBackTo(i);
      const at = new Date().toISOString();
      const serial = this.settings.serial;
      const audits: AuditEntry[] = [{ at, event: 'auto-recover', moduleSerial: serial, detail: { discardedBatches: discarded.length } }];
      for (const rec of discarded) {
        const seq = rec.checkpoint === null ? 0 : (JSON.parse(rec.checkpoint.record) as CheckpointRecord).seq;
        for (const tx of rec.txs) {
          audits.push({ at, event: 'auto-recover-discarded', moduleSerial: serial, meterId: tx.meterId, detail: { seq, op: tx.op, amount: tx.amount } });
        }
      }
      return { status: 'recovered', audits, newest: newestOf(mem.newest) };
    }
    this.inhibited = true;
    return {
      status: 'mismatch',
      audits: [{ at: new Date().toISOString(), event: 'checkpoint-mismatch', moduleSerial: this.settings.serial }],
      newest: null,
    };
  }

  /**
   * SPEC §4.3: checks the database's checkpoint, executes the batch, makes its log entries and
   * checkpoint record and persists the memory; returns the reply for the bank and the commit for
   * the committer (null when nothing changed).
   */
  async runBatch(db: StoredCheckpoint | null, commands: ModuleCommand[]): Promise<{ reply: BatchReply; commit: BatchCommit | null }> {
    const checked = this.check(db);
    if (checked.status === 'mismatch') {
      const refused: CommandResult = { ok: false, code: 'CHECKPOINT_MISMATCH', message: 'the module refused: checkpoint mismatch' };
      const reply = { results: commands.map(() => refused), committing: false, checkpoint: null, audits: checked.audits, inhibited: true };
      return { reply, commit: null };
    }
    const now = new Date();
    const outcomes = await Promise.all(commands.map((c) => executeCommand(this.ctx, c, now)));
    const prev = this.mem.newest;
    const prevSeq = prev.checkpoint === null ? 0 : (JSON.parse(prev.checkpoint.record) as CheckpointRecord).seq;
    const serial = this.settings.serial;
    const seq = prevSeq + 1;
    const at = now.toISOString();
    const totals = { ...prev.totals };
    let chainHead = prev.chainHead;
    const log: ModuleLogEntry[] = [];
    const txs: TxSummary[] = [];
    let last: { meterId: string; type: string; amount: number; pkg: PsdPackage } | null = null;
    outcomes.forEach((o, i) => {
      if (o.tx === null || o.pkg === null) return;
      const meterId = (commands[i] as ModuleCommand).meterId;
      txs.push({ meterId, op: o.tx.type, amount: o.tx.amount });
      last = { meterId, type: o.tx.type, amount: o.tx.amount, pkg: o.pkg };
      if (o.tx.value === null) return;
      if (o.tx.value === 'purchase') totals.reset += o.tx.amount;
      if (o.tx.value === 'indicium') totals.printed += o.tx.amount;
      if (o.tx.value === 'refund') totals.refunded += o.tx.amount;
      const fields = {
        moduleSerial: serial, seq, meterId, type: o.tx.value, amount: o.tx.amount, ar: o.pkg.ar, dr: o.pkg.dr,
        pieceNumber: o.tx.pieceNumber, at, prevHash: chainHead,
      };
      const hash = createHash('sha256').update(`vbi1:log:${canonicalJson(fields)}`).digest('base64url');
      const mac = this.keys.logMac.mac(`vbi1:log:${hash}`).toString('base64url');
      log.push({ ...fields, hash, mac });
      chainHead = hash;
    });
    const results = outcomes.map((o) => o.outcome.result);
    const final = last as { meterId: string; type: string; amount: number; pkg: PsdPackage } | null;
    if (final === null) {
      const reply = { results, committing: false, checkpoint: null, audits: auditsOf(serial, outcomes, checked.audits), inhibited: false };
      return { reply, commit: null };
    }
    const batchHash = createHash('sha256');
    for (const e of log) batchHash.update(Buffer.from(e.hash, 'base64url'));
    const record: CheckpointRecord = {
      moduleSerial: serial, seq, at, count: txs.length, lastMeterId: final.meterId, lastTxType: final.type,
      lastAmount: final.amount, lastAr: final.pkg.ar, lastDr: final.pkg.dr, batchHash: batchHash.digest('base64url'), totals,
    };
    const text = canonicalJson(record);
    const checkpoint = { record: text, mac: this.keys.checkpointMac.mac(`vbi1:chk:${text}`).toString('base64url') };
    this.mem.push({ checkpoint, chainHead, totals, txs });
    const commit = buildBatchCommit({
      moduleSerial: serial, commands, outcomes, checkpoint, lastTx: { at, value: final.amount }, log, audits: checked.audits, at,
    });
    return { reply: { results, committing: true, checkpoint, audits: [], inhibited: false }, commit };
  }

  hello(clientNonce: string): string {
    return this.keys.signBankAuth(Buffer.from(helloSignatureInput(clientNonce), 'utf8')).toString('base64url');
  }

  /** Manufactures a meter: indicium key, certificate from the vault CA, sealed package. */
  async mint(req: MintRequest): Promise<MintResult> {
    const pair = this.keys.meterKeys.generate();
    const notBefore = new Date();
    const notAfter = new Date(notBefore);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + KEY_YEARS);
    const deviceId = { vendor: VENDOR_ID, model: PSD_MODEL, serial: req.psdSerial };
    const certificatePem = await (await this.certificateIssuer()).issue({
      certSerial: req.certSerial,
      deviceLabel: formatDeviceId(deviceId.vendor, deviceId.model, deviceId.serial),
      publicKeySpki: pair.publicKeySpki,
      notBefore,
      notAfter,
    });
    const pkg: PsdPackage = {
      v: 1, meterId: req.meterId, state: 'manufactured', ar: 0, dr: 0, totalDownloaded: 0, totalRefunded: 0, deviceId,
      certSerial: req.certSerial, licenseZip: null, signingKey: wrapSecret(this.keys.psd, req.meterId, 'sign', pair.blob),
      hmk: null, passphraseHash: null, repetitionList: [], lastTxAt: null, challenge: null,
      keyNotBefore: notBefore.toISOString(), keyNotAfter: notAfter.toISOString(), pieceCounter: 0, failedLogins: 0, lockedUntil: null,
    };
    pair.blob.fill(0);
    return { meterId: req.meterId, certificatePem, sealedPackage: sealPackage(this.keys.psd, pkg) };
  }
}

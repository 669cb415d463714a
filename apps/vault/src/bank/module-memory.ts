import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** Totals a module keeps (SPEC §4.2): postage reset (downloaded), printed and refunded. */
export const totalsSchema = z.strictObject({ reset: z.number().int(), printed: z.number().int(), refunded: z.number().int() });
export type Totals = z.infer<typeof totalsSchema>;

const txSummarySchema = z.strictObject({ meterId: z.string(), op: z.string(), amount: z.number().int() });
export type TxSummary = z.infer<typeof txSummarySchema>;

/** One remembered batch: its checkpoint (null = before the first batch) and what it did. */
const memoryRecordSchema = z.strictObject({
  checkpoint: z.strictObject({ record: z.string(), mac: z.string() }).nullable(),
  chainHead: z.string(),
  totals: totalsSchema,
  txs: z.array(txSummarySchema),
});
export type MemoryRecord = z.infer<typeof memoryRecordSchema>;

const memorySchema = z.strictObject({ serial: z.number().int(), records: z.array(memoryRecordSchema).min(1).max(3) });
export type ModuleMemoryContent = z.infer<typeof memorySchema>;

export const GENESIS_CHAIN_HEAD = Buffer.alloc(32).toString('base64url');

export function memoryFile(dataDir: string, serial: number): string {
  return join(dataDir, 'modules', `${serial}.mem`);
}

function memoryKey(checkpointKey: Buffer, serial: number): Buffer {
  return Buffer.from(hkdfSync('sha256', checkpointKey, Buffer.alloc(0), `vbi1:module-memory:${serial}`, 32));
}

/** A module's protected memory: a sealed file, rewritten atomically and fsynced. */
export class ModuleMemory {
  private constructor(
    private readonly file: string,
    private readonly key: Buffer,
    public content: ModuleMemoryContent,
  ) {}

  /** Opens the memory file, or creates a fresh one when `createIfMissing`. Throws when damaged. */
  static open(dataDir: string, serial: number, checkpointKey: Buffer, createIfMissing: boolean): ModuleMemory {
    const file = memoryFile(dataDir, serial);
    const key = memoryKey(checkpointKey, serial);
    if (!existsSync(file)) {
      if (!createIfMissing) throw new Error(`module ${serial}: memory file is missing`);
      const fresh = new ModuleMemory(file, key, {
        serial,
        records: [{ checkpoint: null, chainHead: GENESIS_CHAIN_HEAD, totals: { reset: 0, printed: 0, refunded: 0 }, txs: [] }],
      });
      fresh.persist();
      return fresh;
    }
    const sealed = readFileSync(file);
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12)).setAAD(Buffer.from(`vbi1:mem:${serial}`));
      decipher.setAuthTag(sealed.subarray(12, 28));
      plain = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    } catch {
      throw new Error(`module ${serial}: memory file failed authentication`);
    }
    const content = memorySchema.parse(JSON.parse(plain.toString('utf8')));
    if (content.serial !== serial) throw new Error(`module ${serial}: memory file belongs to another module`);
    return new ModuleMemory(file, key, content);
  }

  get newest(): MemoryRecord {
    return this.content.records[this.content.records.length - 1] as MemoryRecord;
  }

  /** Appends a record, keeping the last three, and persists before returning. */
  push(record: MemoryRecord): void {
    const records = [...this.content.records, record];
    this.content = { serial: this.content.serial, records: records.slice(-3) };
    this.persist();
  }

  /** Rolls back so that records[index] is the newest; returns the discarded records. */
  rollBackTo(index: number): MemoryRecord[] {
    const discarded = this.content.records.slice(index + 1);
    this.content = { serial: this.content.serial, records: this.content.records.slice(0, index + 1) };
    this.persist();
    return discarded;
  }

  private persist(): void {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(`vbi1:mem:${this.content.serial}`));
    const body = Buffer.concat([cipher.update(JSON.stringify(this.content), 'utf8'), cipher.final()]);
    const bytes = Buffer.concat([iv, cipher.getAuthTag(), body]);
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    const dir = openSync(dirname(this.file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}

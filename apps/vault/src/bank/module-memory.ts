import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { GENESIS_HASH } from '../ledger/chain.ts';
import { IV_BYTES, SealBroken, TAG_BYTES, type AeadKey } from '../keystore/backend.ts';

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

const memorySchema = z.strictObject({
  serial: z.number().int(),
  /** Counts writes; the newer of the two slots wins. */
  writeSeq: z.number().int(),
  records: z.array(memoryRecordSchema).min(1).max(3),
});
export type ModuleMemoryContent = z.infer<typeof memorySchema>;

export function memoryFile(dataDir: string, serial: number): string {
  return join(dataDir, 'modules', `${serial}.mem`);
}

/**
 * The file has two slots (A at 0, B at SLOT_BYTES); each write goes to the slot the last write
 * did not use, then one fsync. A torn write spoils only the slot being written, and the
 * other still holds the previous state; on open the authentic slot with the higher writeSeq wins.
 */
const SLOT_BYTES = 4 * 1024 * 1024;

/** A slot: length (uint32 LE) ‖ IV ‖ tag ‖ ciphertext, sealed with the module's memory key. */
function openSlot(key: AeadKey, serial: number, file: Buffer, slot: number): ModuleMemoryContent | null {
  const start = slot * SLOT_BYTES;
  if (file.length < start + 4) return null;
  const length = file.readUInt32LE(start);
  if (length < IV_BYTES + TAG_BYTES || start + 4 + length > file.length) return null;
  const sealed = file.subarray(start + 4, start + 4 + length);
  try {
    const plain = key.open(sealed, `vbi1:mem:${serial}`);
    const parsed = memorySchema.safeParse(JSON.parse(plain.toString('utf8')));
    return parsed.success && parsed.data.serial === serial ? parsed.data : null;
  } catch (err) {
    // A torn or altered slot; anything else (a token that stopped answering) is not the file's fault.
    if (err instanceof SealBroken || err instanceof SyntaxError) return null;
    throw err;
  }
}

/** A module's protected memory: a sealed file of two slots, each write fsynced. */
export class ModuleMemory {
  private constructor(
    private readonly file: string,
    private readonly key: AeadKey,
    public content: ModuleMemoryContent,
  ) {}

  /** Opens the memory file, or creates a fresh one when `createIfMissing`. Throws when damaged. */
  /** `key`: the key backend's memory key of this module (`moduleMemory(serial)`). */
  static open(dataDir: string, serial: number, key: AeadKey, createIfMissing: boolean): ModuleMemory {
    const file = memoryFile(dataDir, serial);
    if (!existsSync(file)) {
      if (!createIfMissing) throw new Error(`module ${serial}: memory file is missing`);
      const fresh = new ModuleMemory(file, key, {
        serial,
        writeSeq: 0,
        records: [{ checkpoint: null, chainHead: GENESIS_HASH, totals: { reset: 0, printed: 0, refunded: 0 }, txs: [] }],
      });
      fresh.persist();
      return fresh;
    }
    const bytes = readFileSync(file);
    const slots = [openSlot(key, serial, bytes, 0), openSlot(key, serial, bytes, 1)];
    const content = slots.reduce<ModuleMemoryContent | null>(
      (best, c) => (c !== null && (best === null || c.writeSeq > best.writeSeq) ? c : best), null);
    if (content === null) throw new Error(`module ${serial}: memory file failed authentication`);
    return new ModuleMemory(file, key, content);
  }

  get newest(): MemoryRecord {
    return this.content.records[this.content.records.length - 1] as MemoryRecord;
  }

  /**
   * Appends a record, keeping the last three, and persists before returning. The oldest record
   * keeps no transactions: auto-recover rolls back TO it, so only the newer two are ever discarded.
   */
  push(record: MemoryRecord): void {
    const [oldest, ...newer] = [...this.content.records, record].slice(-3) as [MemoryRecord, ...MemoryRecord[]];
    this.content = { ...this.content, records: [{ ...oldest, txs: [] }, ...newer] };
    this.persist();
  }

  /** Rolls back so that records[index] is the newest; returns the discarded records. */
  rollBackTo(index: number): MemoryRecord[] {
    const discarded = this.content.records.slice(index + 1);
    this.content = { ...this.content, records: this.content.records.slice(0, index + 1) };
    this.persist();
    return discarded;
  }

  private persist(): void {
    this.content = { ...this.content, writeSeq: this.content.writeSeq + 1 };
    const bytes = this.key.seal(JSON.stringify(this.content), `vbi1:mem:${this.content.serial}`, 4);
    bytes.writeUInt32LE(bytes.length - 4, 0);
    if (bytes.length > SLOT_BYTES) throw new Error('module memory exceeds its slot');
    const fd = openSync(this.file, existsSync(this.file) ? 'r+' : 'w+', 0o600);
    try {
      writeSync(fd, bytes, 0, bytes.length, (this.content.writeSeq % 2) * SLOT_BYTES);
      // Data (and size) only: the mtime is not worth a journal commit on every batch.
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

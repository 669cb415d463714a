/** account.json and mirror.json of one account: public meter facts and the mirror registers. */
import { join } from 'node:path';
import { z } from 'zod';
import { readJson, writeJsonAtomic } from './json-file.ts';
import { meterDir } from './person-link.ts';

const registersSchema = z.strictObject({ ar: z.number().int().min(0), dr: z.number().int().min(0) });

export const accountFileSchema = z.strictObject({
  username: z.string(),
  meterId: z.string(),
  deviceId: z.strictObject({ vendor: z.number().int(), model: z.number().int(), serial: z.number().int() }),
  licenseZip: z.string(),
  certificate: z.string(),
});
export type AccountFile = z.infer<typeof accountFileSchema>;

/** The write-ahead entry of one value transaction, recorded before the request goes out. */
export const pendingTxSchema = z.strictObject({
  op: z.enum(['purchase', 'indicium', 'refund']),
  before: registersSchema,
  expected: registersSchema,
  /** indicium: the piece number the vault will give; refund: the piece refunded. */
  pieceNumber: z.number().int().nullable(),
  postage: z.number().int().min(0),
  at: z.string(),
});
export type PendingTx = z.infer<typeof pendingTxSchema>;

export const mirrorFileSchema = z.strictObject({
  meterId: z.string(),
  registers: registersSchema,
  pieces: z.number().int().min(0),
  pending: pendingTxSchema.nullable(),
});
export type MirrorFile = z.infer<typeof mirrorFileSchema>;

export class AccountStore {
  readonly dir: string;

  constructor(profileDir: string, username: string) {
    this.dir = meterDir(profileDir, username);
  }

  readAccount(): AccountFile | null {
    return readJson(join(this.dir, 'account.json'), accountFileSchema);
  }

  writeAccount(account: AccountFile): void {
    writeJsonAtomic(join(this.dir, 'account.json'), account);
  }

  readMirror(): MirrorFile | null {
    return readJson(join(this.dir, 'mirror.json'), mirrorFileSchema);
  }

  writeMirror(mirror: MirrorFile): void {
    writeJsonAtomic(join(this.dir, 'mirror.json'), mirror);
  }
}

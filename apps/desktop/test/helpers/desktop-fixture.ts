/** A real test vault plus a core wired to it through the validating host (core/host.ts). */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestVault, type TestVault } from '@vbi/vault/testing';
import { deckInEffect, loadRateDecks } from '../../../vault/src/services/rates/deck.ts';
import { AppCore } from '../../src/core/app-core.ts';
import { createHost } from '../../src/core/host.ts';
import type { Log } from '../../src/core/log.ts';
import { FileSink } from '../../src/core/print/file-sink.ts';
import { loadTrustBundle } from '../../src/core/trust.ts';
import type { CallInput, CallName, CallOutput, MailAddress } from '../../src/shared/contract.ts';
import type { Envelope } from '../../src/shared/wire.ts';

export const PASSPHRASE = 'correct horse battery staple';
export const FILE_PRINTER = 'file:PDF folder';

export const FROM: MailAddress = { name: 'Ada Sender', street: '1 MARKET ST', secondary: '', city: 'SAN FRANCISCO', state: 'CA', zip: '94105' };
export const TO: MailAddress = { name: 'Bob Receiver', street: '350 5TH AVE', secondary: '', city: 'NEW YORK', state: 'NY', zip: '10118' };

export interface Desktop {
  core: AppCore;
  profileDir: string;
  printDir: string;
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  raw(name: string, input: unknown): Promise<Envelope>;
  pdfs(): string[];
  cleanup(): void;
}

/** A desktop core on `vaultUrl` (the vault itself, or a proxy in front of it). */
export function makeDesktop(vault: TestVault, vaultUrl = vault.url, profileDir?: string, log?: Log): Desktop {
  const dir = mkdtempSync(join(tmpdir(), 'vbi-desktop-'));
  const profile = profileDir ?? join(dir, 'profile');
  const printDir = join(dir, 'prints');
  const core = new AppCore({ vaultUrl, trust: loadTrustBundle(vault.trustDir), profileDir: profile, sinks: [new FileSink(printDir)], ...(log ? { log } : {}) });
  const dispatch = createHost(core).dispatch;
  return {
    core,
    profileDir: profile,
    printDir,
    raw: dispatch,
    async call(name, input) {
      const r = await dispatch(name, input);
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as never;
    },
    pdfs: () => {
      try {
        return readdirSync(printDir).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(printDir, f));
      } catch {
        return [];
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A desktop on `vaultUrl` with a new account whose meter holds `postage` mills (funds credited first). */
export async function fundedDesktop(vault: TestVault, vaultUrl: string, username: string, postage: number): Promise<Desktop> {
  const d = makeDesktop(vault, vaultUrl);
  await d.call('register', { username, licenseZip: '94105', passphrase: PASSPHRASE });
  await vault.credit(username, 50_000);
  await d.call('buyPostage', { amountMills: postage });
  return d;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Today's price of a 1 oz First-Class metered letter, from the vault's rate deck in effect. */
export function letterPriceMills(): number {
  const deck = deckInEffect(loadRateDecks(), today());
  if (!deck) throw new Error('no rate deck is in effect today');
  return deck.classes['first-class-letter'].firstOunceMills;
}

/** A 1 oz letter from FROM to TO, as composed (what Preview takes). */
export function letterPiece(printerId = FILE_PRINTER): CallInput<'preview'> {
  return { from: FROM, to: TO, mailClass: 'first-class-letter', weightOz: 1, mailDate: today(), layout: 'envelope-10', printerId, skipSetup: true };
}

/** The same letter with the price a person would have confirmed (what Print takes). */
export function letterJob(printerId = FILE_PRINTER): CallInput<'printPostage'> {
  return { ...letterPiece(printerId), priceMills: letterPriceMills() };
}

export { startTestVault, type TestVault };

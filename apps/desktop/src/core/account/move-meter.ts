/**
 * "Move my meter to this computer" (issue 15; docs/protocol.md `transfer`): an admin's username and
 * passphrase and a new HMK made here. The meter's public facts this computer lacks come from the
 * meter itself: a kind-2 sample indicium names its certificate serial, licensing ZIP and PSD serial;
 * the certificate is fetched from the vault's directory (`GET /v1/certs/<serial>`) and used only if
 * the pinned CA issued it and it verifies that sample.
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { decodeIndicium, verifyIndicium } from '@vbi/indicia';
import { todayUtc } from '../dates.ts';
import { meaningOf } from '../error-meanings.ts';
import { AppError, toAppError } from '../errors.ts';
import { describeError } from '../log.ts';
import { AccountStore, type AccountFile } from '../profile/account-store.ts';
import { hasHmk, saveHmk } from '../profile/hmk-store.ts';
import type { Session } from '../session.ts';
import { newHmk, refused, type VaultClient } from '../vault/client.ts';
import { vaultHttpUrl } from '../vault/health.ts';
import { MeterAccount } from './meter-account.ts';
import { SignedInAccount } from './signed-in.ts';
import { LOCKED_OUT_MESSAGE } from './sign-in-errors.ts';

/** Signs in on this computer with a meter moved here; returns the signed-in account. */
export async function moveMeterHere(session: Session, input: { username: string; passphrase: string }): Promise<SignedInAccount> {
  const { profileDir } = session.options;
  const store = new AccountStore(profileDir, input.username);
  // A key file without the meter's facts is a move that did not finish: moving again is safe.
  if (hasHmk(profileDir, input.username) && store.readAccount() !== null) {
    throw new AppError('ALREADY_EXISTS', `"${input.username}" can already sign in on this computer. Sign in instead.`);
  }
  const client = await session.ensureClient();
  const hmk = newHmk();
  // On disk (sealed) before the vault can act on it: a lost answer cannot strand the meter.
  saveHmk(profileDir, input.username, input.passphrase, hmk);
  let body;
  try {
    body = await session.track(client.transfer(input, hmk));
  } catch (err) {
    const e = toAppError(err);
    if (meaningOf(e.code).outcome !== 'lost') rmSync(store.dir, { recursive: true, force: true });
    if (e.code === 'AUTH_FAILED' && /only an admin/.test(e.message)) throw new AppError(e.code, 'Only an admin of the account can move its meter. Ask an admin to do it.');
    if (e.code === 'AUTH_FAILED') throw new AppError(e.code, 'Wrong username or passphrase. After 5 failed sign-ins in a row you are locked out for 15 minutes.');
    if (e.code === 'LOCKED_OUT') throw new AppError(e.code, LOCKED_OUT_MESSAGE);
    throw e;
  }
  const registers = body.registers;
  const sample = await meterFacts(session, client, hmk, registers);
  if (sample.psdSerial !== body.deviceId.serial) throw refused('meter certificate');
  const account: AccountFile = { username: input.username, meterId: body.meterId, deviceId: body.deviceId, licenseZip: sample.licenseZip, certificate: sample.certificate };
  store.writeAccount(account);
  const mirror = { meterId: body.meterId, registers, pieces: body.pieces, pending: null };
  store.writeMirror(mirror);
  return new SignedInAccount(new MeterAccount(client, hmk, account, store, mirror, session.log));
}

/** The meter's certificate, licensing ZIP and PSD serial, proven by a sample it signs now. */
async function meterFacts(session: Session, client: VaultClient, hmk: Buffer, registers: { ar: number; dr: number }) {
  const answer = await client.maced('indicium', hmk, { kind: 'test', postage: 0, rateCategory: 'TEST', mailDate: todayUtc() }, registers, registers);
  const indicium = Buffer.from(answer.indicium, 'base64url');
  const decoded = decodeIndicium(indicium);
  let certificate: string;
  try {
    const res = await session.transport.fetch(`${vaultHttpUrl(session.vaultUrl)}/v1/certs/${decoded.certSerial}`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`certificate directory answered ${res.status}`);
    certificate = await res.text();
  } catch (err) {
    session.log.warn('meter-certificate-unavailable', describeError(err));
    throw new AppError('OFFLINE', "The meter moved here, but its certificate could not be fetched from the postage service. Sign in again to finish.");
  }
  let good = false;
  try {
    good = new X509Certificate(certificate).verify(createPublicKey(session.options.trust.caPem)) && verifyIndicium(indicium, certificate);
  } catch (err) {
    session.log.warn('meter-certificate-unreadable', describeError(err));
  }
  if (!good || decoded.kind !== 2) throw refused('meter certificate');
  return { certificate, licenseZip: String(decoded.originZip).padStart(5, '0'), psdSerial: decoded.psdSerial };
}

/**
 * The account's tasks: connect to the vault, register a new meter, sign in (with the login-time
 * reconciliation of the mirror), sign out, and buy postage. What reconciliation hands over for
 * printing goes to the `signedIn` port (the print domain), so this service knows no printing.
 */
import { rmSync } from 'node:fs';
import { formatDeviceId } from '@vbi/indicia';
import type { AppStatus, CallArgs } from '../../shared/contract.ts';
import { meaningOf } from '../error-meanings.ts';
import { AppError, toAppError } from '../errors.ts';
import { describeError } from '../log.ts';
import { AccountStore } from '../profile/account-store.ts';
import { hasHmk, loadHmk, saveHmk } from '../profile/hmk-store.ts';
import type { Session } from '../session.ts';
import { newHmk } from '../vault/client.ts';
import { MeterAccount } from './meter-account.ts';
import { moveMeterHere } from './move-meter.ts';
import { reconcile, type Reconciled } from './reconcile.ts';
import { SignedInAccount } from './signed-in.ts';
import { localKeyUnreadable, noLocalKey, signInError } from './sign-in-errors.ts';

/**
 * Called after a sign-in whose mirror reconciled with the vault (not after a mismatch), before
 * anything else can use the meter: what was in flight when the app or its connection stopped is
 * settled there (the print domain: a lost piece, a batch stopped part way).
 */
export type SignedInPort = (account: SignedInAccount, reconciled: Exclude<Reconciled, { kind: 'mismatch' }>) => Promise<void>;

/** Called after a sign-in that left the meter usable: learns who is signed in and their role. */
export type PersonPort = (account: SignedInAccount) => Promise<void>;

/** Asks the vault's ZIP reference about a ZIP (null: not a US ZIP). */
export type ZipLookupPort = (zip: string) => Promise<{ city: string; state: string } | null>;

export class AccountService {
  constructor(
    private readonly session: Session,
    private readonly signedIn: SignedInPort,
    private readonly lookupZip: ZipLookupPort,
    private readonly learnPerson: PersonPort,
  ) {}

  private get profileDir(): string {
    return this.session.options.profileDir;
  }

  /** Opens the socket and checks the vault's identity (hello) against the pinned key. */
  async connect(input: CallArgs<'connect'>): Promise<AppStatus> {
    if (input.vaultUrl && input.vaultUrl !== this.session.vaultUrl) {
      this.session.moveTo(input.vaultUrl);
    }
    await this.session.ensureClient();
    return this.session.changed();
  }

  async register(input: CallArgs<'register'>): Promise<AppStatus> {
    const { profileDir } = this;
    if (hasHmk(profileDir, input.username)) {
      throw new AppError('ALREADY_EXISTS', `An account named "${input.username}" is already set up on this computer. Sign in instead.`);
    }
    const client = await this.session.ensureClient();
    // Checked before the sealed passphrase goes out; the vault checks again at register.
    if ((await this.lookupZip(input.licenseZip)) === null) {
      throw new AppError('BAD_REQUEST', `ZIP ${input.licenseZip} is not a US ZIP code. Enter the 5-digit ZIP of the post office where you mail.`);
    }
    const hmk = newHmk();
    // The key is on disk (sealed) before the vault can act on it: a lost answer cannot strand the meter.
    saveHmk(profileDir, input.username, input.passphrase, hmk);
    const store = new AccountStore(profileDir, input.username);
    let body;
    try {
      body = await this.session.track(client.register({ ...input, hmk }));
    } catch (err) {
      if (err instanceof AppError && meaningOf(err.code).outcome !== 'lost') {
        // The vault refused: no account exists with this key, so the sealed key goes too.
        rmSync(store.dir, { recursive: true, force: true });
      }
      throw err;
    }
    const account = { username: input.username, meterId: body.meterId, deviceId: body.deviceId, licenseZip: input.licenseZip, certificate: body.certificate };
    store.writeAccount(account);
    const mirror = { meterId: body.meterId, registers: body.registers, pieces: 0, pending: null };
    store.writeMirror(mirror);
    await this.session.begin(new SignedInAccount(new MeterAccount(client, hmk, account, store, mirror, this.session.log)));
    return this.session.changed();
  }

  async login(input: CallArgs<'login'>): Promise<AppStatus> {
    const { profileDir, session } = this;
    // Only what needs no passphrase is checked here: the passphrase is the vault's to judge.
    if (!hasHmk(profileDir, input.username)) throw noLocalKey(input.username);
    const store = new AccountStore(profileDir, input.username);
    const account = store.readAccount();
    const mirror = store.readMirror();
    if (!account || !mirror) {
      throw new AppError('NO_LOCAL_ACCOUNT', `The account "${input.username}" is not complete on this computer. Create a new account instead.`);
    }
    if (session.account) await this.logout();
    if (session.problem?.code === 'LOCKED_OUT') session.problem = null; // the vault says again if it still is
    const client = await session.ensureClient();
    const unlock = () => {
      try {
        return loadHmk(profileDir, input.username, input.passphrase);
      } catch (err) {
        session.log.warn('local-key-unreadable', describeError(err));
        throw localKeyUnreadable();
      }
    };
    let signedIn;
    try {
      signedIn = await session.track(
        client.login({ username: input.username, passphrase: input.passphrase }, unlock).catch((err: unknown) => {
          throw signInError(err);
        }),
      );
    } catch (err) {
      // An accepted login bound this connection at the vault; a refused answer must not keep it.
      const code = toAppError(err).code;
      if (code === 'ANSWER_REFUSED' || code === 'LOCAL_KEY_UNREADABLE') {
        session.drop();
        session.changed();
      }
      if (code === 'LOCKED_OUT' && session.problem?.code === 'LOCKED_OUT') {
        // Locked is this meter, not the app: signing in as someone else is not.
        session.problem = { ...session.problem, username: input.username };
        session.changed();
      }
      throw err;
    }
    const { body, hmk } = signedIn;
    const meter = new MeterAccount(client, hmk, account, store, mirror, session.log);
    const signedInAccount = new SignedInAccount(meter);
    await session.begin(signedInAccount);
    if (body.meterId !== account.meterId) {
      meter.blocked = { code: 'REGISTER_MISMATCH', message: 'The vault answered for a different meter than this computer knows. Value operations are stopped.' };
      return session.changed();
    }
    const result = reconcile(mirror, body);
    if (result.kind === 'mismatch') {
      meter.blocked = { code: 'REGISTER_MISMATCH', message: result.message };
    } else if (result.kind !== 'in-step') {
      meter.settle(body.registers, body.pieces);
    }
    if (result.kind !== 'mismatch') {
      await this.signedIn(signedInAccount, result);
      await this.learnPerson(signedInAccount);
    }
    return session.changed();
  }

  /** "Move my meter to this computer": the meter's new key is made here; the old computer's stops working. */
  async transfer(input: CallArgs<'transfer'>): Promise<AppStatus> {
    const { session } = this;
    if (session.account) await this.logout();
    const account = await moveMeterHere(session, input);
    await session.begin(account);
    await this.learnPerson(account);
    return session.changed();
  }

  async logout(): Promise<AppStatus> {
    const a = this.session.end();
    if (a) {
      try {
        await a.meter.logout();
      } catch (err) {
        // Signing out locally always succeeds; the vault unbinds a closed connection anyway.
        this.session.log.warn('logout-not-confirmed', describeError(err));
      }
      // The vault ends a meter's session with its connection; a fresh one keeps the app connected.
      await this.session.ensureClient().catch((err: unknown) => this.session.log.warn('reconnect-after-logout', describeError(err)));
    }
    return this.session.changed();
  }

  async buyPostage(input: CallArgs<'buyPostage'>): Promise<AppStatus> {
    const a = this.session.requireAccount();
    const funds = await this.session.track(a.meter.buy(input.amountMills));
    const { deviceId, meterId } = a.meter.account;
    a.purchases.add({
      at: new Date().toISOString(),
      amount: input.amountMills,
      fundsAfter: funds,
      balanceAfter: a.meter.registers.dr,
      meterId,
      deviceId: formatDeviceId(deviceId.vendor, deviceId.model, deviceId.serial),
    });
    return this.session.changed();
  }
}

/**
 * The people of the signed-in account (issue 15; docs/protocol.md "Accounts with several users"):
 * who is signed in and their role, the list, adding, removing and resetting a person (admins),
 * changing one's own passphrase, and who printed each piece. The vault's modules decide every
 * one of these; this service seals the secrets, keeps this computer's key files in step (each
 * person here holds the meter's HMK sealed under their own passphrase) and says refusals plainly.
 */
import { rmSync } from 'node:fs';
import type { CallArgs, CallOutput, HistoryEntry, NamedHistoryEntry } from '../../shared/contract.ts';
import { AppError, toAppError } from '../errors.ts';
import { describeError } from '../log.ts';
import { accountDir } from '../profile/paths.ts';
import { isLinkedPerson, linkPerson } from '../profile/person-link.ts';
import type { Session } from '../session.ts';
import type { SignedInAccount } from './signed-in.ts';

type PeopleList = CallOutput<'people'>;

/** Pieces asked for in one `pieceLog` request (the protocol's most). */
const PIECE_LOG_PAGE = 100;

/** A vault refusal of a people op in plain words; `whose` names the person it is about. */
function plainRefusal(err: unknown, whose: string): AppError {
  const e = toAppError(err);
  const m = e.message;
  if (e.code === 'ALREADY_EXISTS') return new AppError(e.code, `The username "${whose}" is already taken. Choose another one.`);
  if (e.code === 'NOT_FOUND') return new AppError(e.code, `"${whose}" is not a person on this account.`);
  if (/last 5 passphrases/.test(m)) {
    return new AppError(e.code, whose === '' ? 'That is one of your last 5 passphrases. Choose one you have not used before.' : `That is one of ${whose}'s last 5 passphrases. Choose another one.`);
  }
  if (/owner cannot be/.test(m)) return new AppError(e.code, "The account's owner cannot be removed, and only the postage service can reset the owner's passphrase.");
  if (/remove yourself/.test(m)) return new AppError(e.code, 'You cannot remove yourself. Ask another admin.');
  if (/change your own passphrase/.test(m)) return new AppError(e.code, 'Change your own passphrase under Settings → Change passphrase.');
  if (/at most \d+ people/.test(m)) return new AppError(e.code, m.replace(/^an account/, 'An account') + '. Remove someone first.');
  if (e.code === 'AUTH_FAILED' && /clerk|admin|choose a new passphrase/.test(m)) return new AppError(e.code, m.charAt(0).toUpperCase() + m.slice(1) + '.');
  return e;
}

export class PeopleService {
  constructor(private readonly session: Session) {}

  private get profileDir(): string {
    return this.session.options.profileDir;
  }

  /** Asks the vault who is signed in (after every sign-in); a failure leaves the default and is logged. */
  async learnWhoIsSignedIn(a: SignedInAccount): Promise<void> {
    try {
      const body = await a.meter.peopleOp('users', {});
      a.meter.person = body.me;
    } catch (err) {
      this.session.log.warn('users-unanswered', describeError(err));
    }
  }

  async people(): Promise<PeopleList> {
    const a = this.session.requireAccount();
    const body = await this.session.track(a.meter.peopleOp('users', {})).catch((err: unknown) => {
      throw plainRefusal(err, '');
    });
    a.meter.person = body.me;
    const here = new Set(this.session.status().knownUsers);
    return {
      me: body.me,
      users: body.users.map((p) => ({ ...p, onThisComputer: here.has(p.username.toLowerCase()) })),
    };
  }

  /** Adds a person; they can sign in on this computer at once (their key file is written here). */
  async addPerson(input: CallArgs<'addPerson'>): Promise<PeopleList> {
    return this.givePassphrase('userAdd', input.username, input.passphrase, { role: input.role });
  }

  async removePerson(input: CallArgs<'removePerson'>): Promise<PeopleList> {
    const a = this.session.requireAccount();
    await this.session.track(a.meter.peopleOp('userRemove', { username: input.username })).catch((err: unknown) => {
      throw plainRefusal(err, input.username);
    });
    // Their key file here goes too; a folder that holds the meter's own files stays.
    if (isLinkedPerson(this.profileDir, input.username)) rmSync(accountDir(this.profileDir, input.username), { recursive: true, force: true });
    return this.people();
  }

  /** Sets another person's passphrase (they must choose their own at their next sign-in). */
  async resetPassphrase(input: CallArgs<'resetPassphrase'>): Promise<PeopleList> {
    return this.givePassphrase('userReset', input.username, input.passphrase, {});
  }

  /** userAdd or userReset: a person's new passphrase sealed to the bank, then their key file here. */
  private async givePassphrase(op: 'userAdd' | 'userReset', username: string, passphrase: string, extra: Record<string, unknown>): Promise<PeopleList> {
    const a = this.session.requireAccount();
    const sealed = (clientNonce: string) => ({ username, ...extra, sealed: a.meter.client.seal({ passphrase, clientNonce }) });
    await this.session.track(a.meter.peopleOp(op, sealed)).catch((err: unknown) => {
      throw plainRefusal(err, username);
    });
    this.keepKeyHere(a, username, passphrase);
    return this.people();
  }

  /** Changes the signed-in person's passphrase; their key file here is sealed again under the new one. */
  async changePassphrase(input: CallArgs<'changePassphrase'>) {
    const a = this.session.requireAccount();
    if (input.current === input.next) throw new AppError('BAD_REQUEST', 'The new passphrase is the one you have now. Choose a different one.');
    await this.session
      .track(
        a.meter.peopleOp('passphraseChange', (clientNonce) => ({
          sealed: a.meter.client.seal({ passphrase: input.current, clientNonce }),
          sealedNew: a.meter.client.seal({ newPassphrase: input.next, clientNonce }),
        })),
      )
      .catch((err: unknown) => {
        const e = toAppError(err);
        if (e.code === 'AUTH_FAILED' && !/clerk|admin/.test(e.message)) {
          throw new AppError('AUTH_FAILED', 'That is not your current passphrase. After 5 wrong tries in a row you are locked out for 15 minutes.');
        }
        throw plainRefusal(e, '');
      });
    a.meter.wrapKeyFor(this.profileDir, a.username, input.next);
    a.meter.person = { ...a.meter.person, mustChangePassphrase: false };
    return this.session.changed();
  }

  /** The local history with who printed each piece (from the vault); a clerk sees only their own. */
  async withPrintedBy(entries: HistoryEntry[]): Promise<NamedHistoryEntry[]> {
    const a = this.session.requireAccount();
    const clerk = a.meter.person.role === 'clerk';
    const byPiece = new Map<number, string>();
    try {
      let fromPiece = 1;
      for (;;) {
        const { pieces } = await a.meter.peopleOp('pieceLog', { fromPiece, limit: PIECE_LOG_PAGE, ...(clerk ? { username: a.username } : {}) });
        for (const p of pieces) byPiece.set(p.pieceNumber, p.username);
        const last = pieces.at(-1);
        if (pieces.length < PIECE_LOG_PAGE || last === undefined) break;
        fromPiece = last.pieceNumber + 1;
      }
    } catch (err) {
      // Offline or refused: the history still shows, without names (a clerk's stays their own below).
      this.session.log.warn('piece-log-unanswered', describeError(err));
    }
    const named: NamedHistoryEntry[] = entries.map((e) => ({ ...e, printedBy: byPiece.get(e.pieceNumber) ?? null }));
    return clerk ? named.filter((e) => e.printedBy?.toLowerCase() === a.username.toLowerCase()) : named;
  }

  /** Seals the meter's HMK here under a person's passphrase, pointing their folder at the meter's files. */
  private keepKeyHere(a: SignedInAccount, username: string, passphrase: string): void {
    linkPerson(this.profileDir, username, a.meter.store.dir);
    a.meter.wrapKeyFor(this.profileDir, username, passphrase);
  }
}

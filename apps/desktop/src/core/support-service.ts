/** The vault's public client-support ops: rate quotes, address matching, and ZIP lookups (the ZIP
 * reference's city and state, from the amsMatch answer's `zipInfo` extension, docs/protocol.md). */
import type { CallArgs, CallOutput, MailAddress, ZipInfo } from '../shared/contract.ts';
import { quoteNote } from '../shared/mail-classes.ts';
import { AppError } from './errors.ts';
import type { Session } from './session.ts';

export class SupportService {
  constructor(private readonly session: Session) {}

  async quote(input: CallArgs<'quote'>): Promise<CallOutput<'quote'>> {
    const client = await this.session.ensureClient();
    const body = await this.session.track(client.unmaced('ratesQuote', input));
    return { ...body, ...quoteNote(input.mailClass) };
  }

  async matchAddress(input: CallArgs<'matchAddress'>): Promise<CallOutput<'matchAddress'>> {
    const client = await this.session.ensureClient();
    return this.session.track(client.unmaced('amsMatch', input));
  }

  /** The ZIP reference's city and state of a ZIP; null when it is not a US ZIP code. */
  async lookupZip({ zip }: CallArgs<'lookupZip'>): Promise<ZipInfo | null> {
    const answer = await this.matchAddress({ street: '-', zip });
    return answer.zipInfo ?? null;
  }

  /** Refuses an address whose state does not agree with its ZIP (a value piece would go astray). */
  async assertStateMatchesZip(address: MailAddress, which: 'Delivery' | 'Return'): Promise<void> {
    const zip = address.zip.slice(0, 5);
    if (zip === '') return; // the delivery ZIP is required elsewhere; a return address may leave it out
    const info = await this.lookupZip({ zip });
    if (info === null) throw new AppError('BAD_REQUEST', `${which} address: ZIP ${zip} is not a US ZIP code. Check the ZIP code.`);
    const state = address.state.trim().toUpperCase();
    if (state === info.state) return;
    throw new AppError(
      'BAD_REQUEST',
      state === ''
        ? `${which} address: add the state. ZIP ${zip} is in ${info.state}.`
        : `${which} address: the state ${address.state.trim()} does not match ZIP ${zip}, which is in ${info.state} (${info.city}). Correct the state or the ZIP; nothing was charged.`,
    );
  }
}

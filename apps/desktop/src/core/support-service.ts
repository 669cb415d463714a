/** The vault's public client-support ops the UI asks for directly: rate quotes and address matching. */
import type { CallArgs, CallOutput } from '../shared/contract.ts';
import { quoteNote } from '../shared/mail-classes.ts';
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
}

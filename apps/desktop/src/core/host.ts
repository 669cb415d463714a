/**
 * The one way into the core from any host (Electron IPC, the web host's socket, tests): the call
 * name is checked, the input parsed with the contract's zod schema (handlers get the parsed
 * value, so no service parses again), the output parsed with its schema (so nothing outside the
 * contract — no secret — can leave), every failure becomes `{code, message}`, and events are
 * checked against the contract like answers before any window sees them.
 */
import { bridgeCalls, bridgeEventSchema, type BridgeEvent, type CallArgs, type CallName, type CallOutput } from '../shared/contract.ts';
import { plainFieldMessage } from '../shared/plain-messages.ts';
import { failure, type Envelope } from '../shared/wire.ts';
import type { AppCore } from './app-core.ts';
import { AppError, toAppError } from './errors.ts';

export interface Host {
  /** Runs one call; never throws. */
  dispatch(name: unknown, rawInput: unknown): Promise<Envelope>;
  /** The core's events, each checked against the contract. */
  subscribe(listener: (event: BridgeEvent) => void): () => void;
}

type Handlers = { [K in CallName]: (input: CallArgs<K>) => Promise<CallOutput<K>> | CallOutput<K> };

function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(bridgeCalls, name);
}

export function createHost(core: AppCore): Host {
  const { account, addressBook, batch, batchPrinter, people, print, printers, support, updates } = core;
  const handlers: Handlers = {
    status: () => core.status(),
    connect: (i) => account.connect(i),
    register: (i) => account.register(i),
    login: (i) => account.login(i),
    transfer: (i) => account.transfer(i),
    logout: () => account.logout(),
    buyPostage: (i) => account.buyPostage(i),
    lookupZip: (i) => support.lookupZip(i),
    quote: (i) => support.quote(i),
    matchAddress: (i) => support.matchAddress(i),
    preview: (i) => print.preview(i),
    printPostage: (i) => print.printPostage(i),
    printPending: (i) => print.printPending(i),
    reprint: (i) => print.reprint(i),
    refund: (i) => print.refund(i),
    history: () => people.withPrintedBy(print.history()),
    people: () => people.people(),
    addPerson: (i) => people.addPerson(i),
    removePerson: (i) => people.removePerson(i),
    resetPassphrase: (i) => people.resetPassphrase(i),
    changePassphrase: (i) => people.changePassphrase(i),
    listPrinters: () => printers.listPrinters(),
    checkPrinter: (i) => printers.checkPrinter(i),
    printTestEnvelope: (i) => printers.printTestEnvelope(i),
    savePrinterSetup: (i) => printers.savePrinterSetup(i),
    addressBook: () => addressBook.addressBook(),
    saveAddress: (i) => addressBook.saveAddress(i),
    deleteAddress: (i) => addressBook.deleteAddress(i),
    savePreferences: (i) => addressBook.savePreferences(i),
    importAddresses: (i) => addressBook.importAddresses(i),
    exportAddresses: () => addressBook.exportAddresses(),
    purchases: () => addressBook.purchases(),
    batchImport: (i) => batch.importCsv(i),
    batchEditRow: (i) => batch.editRow(i),
    batchPrice: () => batch.price(),
    batchPrint: (i) => batchPrinter.run(i),
    batchCurrent: () => batch.current(),
    batchDiscard: () => batch.discard(),
    updateStatus: () => updates.status(),
    restartToUpdate: async () => ({ restarting: await updates.restart() }),
  };

  async function dispatch(name: unknown, rawInput: unknown): Promise<Envelope> {
    if (!isCallName(name)) return failure('BAD_REQUEST', 'Unknown bridge call.');
    const spec = bridgeCalls[name];
    const input = spec.input.safeParse(rawInput ?? {});
    if (!input.success) return failure('BAD_REQUEST', plainFieldMessage(input.error.issues[0]?.path ?? []));
    try {
      const value = await (handlers[name] as (i: unknown) => unknown)(input.data);
      const output = spec.output.safeParse(value);
      if (!output.success) throw new AppError('INTERNAL', 'The app produced an answer it cannot show.');
      return { ok: true, value: output.data };
    } catch (err) {
      const e = toAppError(err);
      return failure(e.code, e.message);
    }
  }

  function subscribe(listener: (event: BridgeEvent) => void): () => void {
    return core.onEvent((event) => {
      const checked = bridgeEventSchema.safeParse(event);
      if (checked.success) listener(checked.data);
      else core.session.log.warn('event-off-contract', { type: String((event as { type?: unknown }).type) });
    });
  }

  return { dispatch, subscribe };
}

/**
 * The one entry from any host (Electron IPC, the web host's socket) into the core: the call
 * name is checked, the input validated with the contract's zod schema, the output parsed with
 * its schema (so nothing outside the contract — no secret — can leave), and every failure
 * becomes `{code, message}`.
 */
import { bridgeCalls, type BridgeErrorShape, type CallArgs, type CallName, type CallOutput } from '../shared/contract.ts';
import type { AppCore } from './app-core.ts';
import { AppError, toAppError } from './errors.ts';

export type Envelope = { ok: true; value: unknown } | { ok: false; error: BridgeErrorShape };

function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(bridgeCalls, name);
}

export function createDispatcher(core: AppCore) {
  const { account, print, printers, support } = core;
  const handlers: { [K in CallName]: (input: CallArgs<K>) => Promise<CallOutput<K>> | CallOutput<K> } = {
    status: () => core.status(),
    connect: (i) => account.connect(i),
    register: (i) => account.register(i),
    login: (i) => account.login(i),
    logout: () => account.logout(),
    buyPostage: (i) => account.buyPostage(i),
    quote: (i) => support.quote(i),
    matchAddress: (i) => support.matchAddress(i),
    preview: (i) => print.preview(i),
    printPostage: (i) => print.printPostage(i),
    printPending: (i) => print.printPending(i),
    reprint: (i) => print.reprint(i),
    refund: (i) => print.refund(i),
    history: () => print.history(),
    listPrinters: () => printers.listPrinters(),
    checkPrinter: (i) => printers.checkPrinter(i),
    printTestEnvelope: (i) => printers.printTestEnvelope(i),
    savePrinterSetup: (i) => printers.savePrinterSetup(i),
    updateStatus: () => core.updates.status(),
    restartToUpdate: async () => ({ restarting: await core.updates.restart() }),
  };

  return async function dispatch(name: unknown, rawInput: unknown): Promise<Envelope> {
    if (!isCallName(name)) return { ok: false, error: { code: 'BAD_REQUEST', message: 'Unknown bridge call.' } };
    const spec = bridgeCalls[name];
    const input = spec.input.safeParse(rawInput ?? {});
    if (!input.success) {
      const issue = input.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return { ok: false, error: { code: 'BAD_REQUEST', message: `${where}${issue?.message ?? 'invalid input'}` } };
    }
    try {
      const value = await (handlers[name] as (i: unknown) => unknown)(input.data);
      const output = spec.output.safeParse(value);
      if (!output.success) throw new AppError('INTERNAL', 'The app produced an answer it cannot show.');
      return { ok: true, value: output.data };
    } catch (err) {
      const e = toAppError(err);
      return { ok: false, error: { code: e.code, message: e.message } };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

/**
 * The one entry from any host (Electron IPC, the web host's socket) into the core: the call
 * name is checked, the input validated with the contract's zod schema, the output parsed with
 * its schema (so nothing outside the contract — no secret — can leave), and every failure
 * becomes `{code, message}`.
 */
import { bridgeCalls, type BridgeErrorShape, type CallName } from '../shared/contract.ts';
import type { AppCore } from './app-core.ts';
import { AppError, toAppError } from './errors.ts';

export type Envelope = { ok: true; value: unknown } | { ok: false; error: BridgeErrorShape };

export interface HostHooks {
  /** Electron only: quit and install a downloaded update. */
  restartToUpdate?: () => Promise<boolean>;
}

function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(bridgeCalls, name);
}

export function createDispatcher(core: AppCore, hooks: HostHooks = {}) {
  const desk = core.desk;
  const handlers: { [K in CallName]: (input: never) => Promise<unknown> | unknown } = {
    status: () => core.status(),
    connect: (i: Parameters<AppCore['connect']>[0]) => core.connect(i),
    register: (i: Parameters<AppCore['register']>[0]) => core.register(i),
    login: (i: Parameters<AppCore['login']>[0]) => core.login(i),
    logout: () => core.logout(),
    buyPostage: (i: Parameters<AppCore['buyPostage']>[0]) => core.buyPostage(i),
    quote: (i: Parameters<AppCore['quote']>[0]) => core.quote(i),
    matchAddress: (i: Parameters<AppCore['matchAddress']>[0]) => core.matchAddress(i),
    preview: (i: Parameters<typeof desk.preview>[0]) => desk.preview(i),
    printPostage: (i: Parameters<typeof desk.printPostage>[0]) => desk.printPostage(i),
    printPending: (i: Parameters<typeof desk.printPending>[0]) => desk.printPending(i),
    reprint: (i: Parameters<typeof desk.reprint>[0]) => desk.reprint(i),
    refund: (i: Parameters<typeof desk.refund>[0]) => desk.refund(i),
    history: () => desk.history(),
    listPrinters: () => desk.listPrinters(),
    checkPrinter: (i: Parameters<typeof desk.checkPrinter>[0]) => desk.checkPrinter(i),
    printTestEnvelope: (i: Parameters<typeof desk.printTestEnvelope>[0]) => desk.printTestEnvelope(i),
    savePrinterSetup: (i: Parameters<typeof desk.savePrinterSetup>[0]) => desk.savePrinterSetup(i),
    updateStatus: () => core.updateStatus(),
    restartToUpdate: async () => ({ restarting: hooks.restartToUpdate ? await hooks.restartToUpdate() : false }),
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

import { resolve } from 'node:path';
import { callVault } from '../../admin/admin-client.ts';
import { meterOf } from '../../admin/operator-steps.ts';
import { money } from '../../console/money.ts';
import { readMeterView, renderMeterView, type MeterView } from '../../console/meter-view.ts';
import { withPsdKey } from '../../console/psd-key.ts';
import { openStorage } from '../../storage/open-storage.ts';
import type { CliCommand } from '../command.ts';
import { METER_HELP, METER_OPTIONS, meterRef, operatorNote } from '../operator-options.ts';
import { parseOptions, requireOption, runWithHelp, UsageError } from '../options.ts';
import { DATABASE_HELP, DATABASE_OPTION, vaultDatabase } from '../vault-folder.ts';

const KEYS_ENV = 'Environment: VBI_KEYSTORE_PASSPHRASE (software key store) or VBI_PKCS11_PIN (keys in a PKCS#11 token),\n' +
  'to open the meter\'s sealed record.\n';
const RUNNING = 'The vault must be running (vault start): the step runs in one of its modules, under the meter\'s\n' +
  'lock, and is committed with a module checkpoint, an entry in the chained log and an audit record.\n';

const METER_HELP_TEXT = `Usage: pnpm vault meter <subcommand> --data DIR (--user NAME | --meter ID) [options]

The operator's steps on one meter (docs/vault.md "Operator procedures").

Subcommands:
  show       the meter: state, registers, last transaction, lock, key expiry, certificates,
             the vault's last log entries and the client's last refused registers
  unlock     end a login lock-out (and clear the failed-login count)
  rekey      a new indicium key and certificate before the key expires
  withdraw   take the meter out of service: its DR goes back to the account (needs --confirm)
  resolve    end a register mismatch: show both sides; with --confirm the client adopts the vault's state

Run "pnpm vault meter <subcommand> --help" for its options.
`;

const usage = (sub: string, line: string, what: string, extra = '') => `Usage: pnpm vault meter ${sub} --data DIR (--user NAME | --meter ID) ${line}

${what}
Options:
${METER_HELP}${extra}  -h, --help        show this help

`;

const HELP = {
  show: `${usage('show', '[--json] [--database URL]', 'Shows one meter as its sealed record says (state, registers in dollars and mills, pieces, last\ntransaction, lock-out, key expiry, certificates) with its account, the vault\'s newest log entries,\nthe client\'s registers in its last refused requests and the operator\'s steps. Works while the vault runs.\n', `  --json            print one JSON object\n${DATABASE_HELP}`)}${KEYS_ENV}
Example:
  pnpm vault meter show --data ./vault-data --user alice
`,
  unlock: `${usage('unlock', '[--reason TEXT]', 'Ends a lock-out after five failed logins (SPEC §3.3) before its 15 minutes are up, and clears the\nfailed-login count. Refused when the meter is neither locked nor has failed logins.\n')}${RUNNING}
Example:
  pnpm vault meter unlock --data ./vault-data --user alice --reason "identity checked by phone"
`,
  rekey: `${usage('rekey', '[--reason TEXT]', 'Gives the meter a new indicium key (P-256, made in the key backend) and a certificate from the\nvault CA with a new serial, valid 3 years from now. The old certificate stays at\nGET /v1/certs/<serial>, so pieces signed before still verify. Registers do not change.\n')}${RUNNING}
Example:
  pnpm vault meter rekey --data ./vault-data --user alice --reason "key expires in 30 days"
`,
  withdraw: `${usage('withdraw', '--confirm [--reason TEXT]', 'Takes the meter out of service for good: state "withdrawn", its descending register (postage\nbought, not printed) goes back to the account\'s funds, and every later login or request is refused.\nWithout --confirm it only says what would happen.\n', '  --confirm         do it (it cannot be undone)\n')}${RUNNING}
Example:
  pnpm vault meter withdraw --data ./vault-data --user alice --confirm --reason "account closed"
`,
  resolve: `${usage('resolve', '[--confirm] [--reason TEXT] [--database URL]', 'Ends a register mismatch (REGISTER_MISMATCH): shows the vault\'s last transactions and the\nregisters the client last sent. With --confirm the operator confirms the vault\'s state: the client\nis given it, under its MAC, at its next login and adopts it (docs/protocol.md "Extensions").\n', `  --confirm         confirm the vault's state as shown\n${DATABASE_HELP}`)}${KEYS_ENV}${RUNNING}
Example:
  pnpm vault meter resolve --data ./vault-data --user alice
  pnpm vault meter resolve --data ./vault-data --user alice --confirm --reason "client restored an old backup"
`,
} as const;
type Sub = keyof typeof HELP;

async function viewOf(dataDir: string, values: { user?: string | undefined; meter?: string | undefined; database?: string | undefined }): Promise<MeterView> {
  const storage = await openStorage(vaultDatabase(dataDir, values.database), { applicationName: 'vbi-vault-meter' });
  try {
    const meterId = await meterOf(storage, meterRef(values));
    return await withPsdKey(dataDir, (psd) => readMeterView(storage, psd, meterId));
  } finally {
    await storage.close();
  }
}

function say(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

async function run(sub: Sub, argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { ...METER_OPTIONS, ...DATABASE_OPTION, json: { type: 'boolean' }, confirm: { type: 'boolean' } });
  const dataDir = resolve(requireOption(values.data, 'data'));
  const meter = meterRef(values);
  const note = operatorNote(values.reason);
  if (values.json === true && sub !== 'show') throw new UsageError('--json is for "meter show"');
  if (values.confirm === true && sub !== 'withdraw' && sub !== 'resolve') throw new UsageError(`--confirm is not an option of "meter ${sub}"`);
  switch (sub) {
    case 'show': {
      const view = await viewOf(dataDir, values);
      process.stdout.write(values.json === true ? `${JSON.stringify(view)}\n` : renderMeterView(view));
      return 0;
    }
    case 'unlock': {
      const r = await callVault(dataDir, { op: 'unlock', meter, note });
      return say(`meter ${String(r.meterId)} unlocked (it had ${String(r.failedLogins)} failed login(s)${r.lockedUntil ? `, locked until ${String(r.lockedUntil)}` : ''})`);
    }
    case 'rekey': {
      const r = await callVault(dataDir, { op: 'rekey', meter, note });
      return say(`meter ${String(r.meterId)} re-keyed: certificate ${String(r.certSerial)} valid until ${String(r.keyNotAfter)}; certificate ${String(r.oldCertSerial)} is kept for the pieces it signed`);
    }
    case 'withdraw': {
      if (values.confirm !== true) {
        const view = await viewOf(dataDir, values);
        return say(`${renderMeterView(view)}withdrawing it would set its state to "withdrawn", return its DR (${money(view.registers.dr)}) to the account and refuse everything it is asked afterwards; add --confirm to do it`);
      }
      const r = await callVault(dataDir, { op: 'withdraw', meter, note });
      return say(`meter ${String(r.meterId)} withdrawn: ${money(Number(r.returned))} returned to the account, funds now ${money(Number(r.funds))}`);
    }
    case 'resolve': {
      const view = await viewOf(dataDir, values);
      if (values.confirm !== true) {
        return say(`${renderMeterView(view)}to confirm the vault's state (AR ${view.registers.ar}, DR ${view.registers.dr}, ${view.pieces} piece(s)) to the client, run this again with --confirm`);
      }
      await callVault(dataDir, { op: 'resolve', meter, note, seen: view.registers });
      return say(`meter ${view.meterId}: the vault's state (AR ${money(view.registers.ar)}, DR ${money(view.registers.dr)}, ${view.pieces} piece(s)) is confirmed; the client adopts it at its next login`);
    }
  }
}

export const meterCommand: CliCommand = {
  name: 'meter',
  summary: 'one meter: show, unlock, rekey, withdraw, resolve a register mismatch',
  help: METER_HELP_TEXT,
  run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== undefined && sub in HELP) return runWithHelp(HELP[sub as Sub], rest, () => run(sub as Sub, rest));
    return runWithHelp(METER_HELP_TEXT, argv, async () => {
      throw new UsageError(sub === undefined ? 'meter: a subcommand is required' : `meter: unknown subcommand "${sub}"`);
    });
  },
};

/** Command line of `pnpm bench`. */
import { parseArgs } from 'node:util';

export const PARTS = ['vault', 'labels', 'ams'] as const;
export type Part = (typeof PARTS)[number];

export interface BenchArgs {
  help: boolean;
  json: string | undefined;
  quick: boolean;
  only: Set<Part>;
  /** Worker threads of the vault load generator. */
  threads: number;
  /** Meters of the vault part, when not the default of the mode. */
  meters: number | undefined;
  /** Keep the vault's CPU profile (node --cpu-prof) in this folder. */
  vaultProfile: string | undefined;
  /** Module workers of the bench vault, when not one per core. */
  modules: number | undefined;
  /** Also measure the vault on PostgreSQL (after SQLite, in the same run). */
  postgres: boolean;
  /** Vault processes of the larger PostgreSQL measure (1: only the one-process measure). */
  vaults: number;
  /** pkcs11: also measure a vault whose keys are in a SoftHSM2 token, and each key operation on both backends. */
  keys: 'software' | 'pkcs11';
}

export const USAGE = `usage: pnpm bench [--json FILE] [--quick] [--only vault,labels,ams] [--threads N] [--meters N] [--modules N] [--vault-profile DIR] [--keys software|pkcs11]
                  [--storage sqlite|postgres] [--vaults N]
  --json FILE          also write the results as JSON to FILE
  --quick              a few seconds per part (for development; fewer meters)
  --only LIST          run only these parts
  --threads N          worker threads of the vault load generator (default 1)
  --meters N           meters of the vault part (default 256; 64 with --quick)
  --modules N          module workers of the bench vault (default one per core, as vault start)
  --vault-profile DIR  start the vault under node --cpu-prof, profiles go to DIR
  --keys pkcs11        vault part: also a vault whose keys are in a SoftHSM2 token, and the cost of
                       each key operation (sign, unwrap, seal, open, HMAC) on both key backends
  --storage postgres   vault part: also measure on PostgreSQL (primary + synchronous standby on this
                       machine), after SQLite in the same run
  --vaults N           with --storage postgres: also measure N vault processes on that database`;

function isPart(name: string): name is Part {
  return (PARTS as readonly string[]).includes(name);
}

/** Throws an Error with a one-line reason on bad arguments (the caller adds the usage). */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      json: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      threads: { type: 'string', default: '1' },
      meters: { type: 'string' },
      modules: { type: 'string' },
      'vault-profile': { type: 'string' },
      storage: { type: 'string', default: 'sqlite' },
      vaults: { type: 'string', default: '1' },
      keys: { type: 'string', default: 'software' },
      help: { type: 'boolean', default: false },
    },
  });
  const names = values.only === undefined ? [...PARTS] : values.only.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !isPart(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--only: unknown part ${unknown.join(', ') || '(none)'}; choose from ${PARTS.join(', ')}`);
  }
  const threads = Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1 || threads > 16) throw new Error('--threads: a whole number from 1 to 16');
  const meters = values.meters === undefined ? undefined : Number(values.meters);
  if (meters !== undefined && (!Number.isInteger(meters) || meters < 1 || meters > 4096)) {
    throw new Error('--meters: a whole number from 1 to 4096');
  }
  const modules = values.modules === undefined ? undefined : Number(values.modules);
  if (modules !== undefined && (!Number.isInteger(modules) || modules < 1 || modules > 64)) {
    throw new Error('--modules: a whole number from 1 to 64');
  }
  if (values.keys !== 'software' && values.keys !== 'pkcs11') throw new Error('--keys: software or pkcs11');
  if (values.storage !== 'sqlite' && values.storage !== 'postgres') throw new Error('--storage: sqlite or postgres');
  const vaults = Number(values.vaults);
  if (!Number.isInteger(vaults) || vaults < 1 || vaults > 8) throw new Error('--vaults: a whole number from 1 to 8');
  return {
    keys: values.keys,
    postgres: values.storage === 'postgres',
    vaults,
    help: values.help,
    json: values.json,
    meters,
    quick: values.quick,
    only: new Set(names.filter(isPart)),
    threads,
    vaultProfile: values['vault-profile'],
    modules,
  };
}

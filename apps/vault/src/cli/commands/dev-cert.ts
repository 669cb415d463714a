import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KEYSTORE_FILE } from '../../keystore/keystore.ts';
import { makeDevCertificate } from '../../tls/dev-certificate.ts';
import type { CliCommand } from '../command.ts';
import { parseOptions, requireOption, runWithHelp } from '../options.ts';

const HELP = `Usage: pnpm vault dev-cert --data DIR [--host NAME[,NAME…]]

Makes a development TLS certificate (self-signed ECDSA P-256, one year) for localhost,
127.0.0.1, ::1 and the given host names or addresses: DIR/tls/dev-cert.pem and
DIR/tls/dev-key.pem (mode 0600), plus a copy of the certificate in the trust bundle
(DIR/trust/tls-dev.pem) so a desktop pinned to this vault trusts it. Replaces an earlier one.
Production: use a certificate from a public CA or terminate TLS at a load balancer
(docs/vault.md "Running the vault in production").

Options:
  --data DIR        the vault's data folder (made by "vault init")
  --host LIST       extra DNS names or IP addresses, comma-separated
  -h, --help        show this help

Example:
  pnpm vault dev-cert --data ./vault-data --host vault.test
  pnpm vault start --data ./vault-data --tls-cert ./vault-data/tls/dev-cert.pem --tls-key ./vault-data/tls/dev-key.pem
`;

export function hostList(text: string | undefined): string[] {
  return text === undefined ? [] : text.split(',').map((h) => h.trim()).filter((h) => h !== '');
}

export const devCertCommand: CliCommand = {
  name: 'dev-cert',
  summary: 'make a development TLS certificate (and pin it in the trust bundle)',
  help: HELP,
  run: (argv) =>
    runWithHelp(HELP, argv, async () => {
      const { values } = parseOptions(argv, { data: { type: 'string' }, host: { type: 'string' } });
      const dataDir = resolve(requireOption(values.data, 'data'));
      if (!existsSync(join(dataDir, KEYSTORE_FILE))) throw new Error(`${dataDir} holds no vault (run vault init first)`);
      const files = await makeDevCertificate(dataDir, hostList(values.host));
      process.stdout.write(`development certificate: ${files.certFile}\nkey: ${files.keyFile}\npinned in the trust bundle: ${files.trustFile}\n`);
      return 0;
    }),
};

/**
 * `tsx src/web-host/main.ts --vault ws://HOST:PORT/v1/meter --trust DIR --profile DIR [--port 0] [--print-dir DIR] [--renderer DIR]`
 * Starts the core and the web host; prints `web host: http://127.0.0.1:PORT/?token=...` when ready.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppCore } from '../core/app-core.ts';
import { createHost } from '../core/host.ts';
import { lineLog } from '../core/log.ts';
import { defaultSinks } from '../core/print/default-sinks.ts';
import { loadTrustBundle } from '../core/trust.ts';
import { startWebHost } from './server.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

function fail(message: string): never {
  process.stderr.write(`web host: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      vault: { type: 'string' },
      trust: { type: 'string' },
      profile: { type: 'string' },
      port: { type: 'string', default: '0' },
      'print-dir': { type: 'string' },
      renderer: { type: 'string' },
    },
    strict: true,
  });
  if (!values.vault || !values.trust || !values.profile) fail('--vault, --trust and --profile are required');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0–65535');
  const rendererDir = resolve(values.renderer ?? resolve(HERE, '../../dist/renderer'));
  if (!existsSync(resolve(rendererDir, 'index.html'))) fail(`no built renderer in ${rendererDir}: run "pnpm --filter @vbi/desktop build" first`);

  const log = lineLog((line) => process.stderr.write(line));
  const core = new AppCore({
    vaultUrl: values.vault,
    trust: loadTrustBundle(values.trust),
    profileDir: resolve(values.profile),
    sinks: defaultSinks(values['print-dir'] ?? process.env.VBI_PRINT_DIR, log),
    log,
  });
  const host = await startWebHost({ host: createHost(core), rendererDir, port });
  process.stdout.write(`web host: ${host.url}\n`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : 'failed to start'));

/** The vault's HTTP side beside its meter socket (SPEC §6): its base URL and `GET /v1/health`. */
import { z } from 'zod';
import { describeError, type Log } from '../log.ts';

const healthSchema = z.object({ halted: z.boolean() });
const HEALTH_TIMEOUT_MS = 5_000;

/** `http(s)://HOST:PORT` of the vault whose meter socket is `ws(s)://HOST:PORT/v1/meter`. */
export function vaultHttpUrl(meterUrl: string): string {
  return meterUrl.replace(/^ws/, 'http').replace(/\/v1\/meter$/, '');
}

/** Whether the vault says it is halted (no value transactions); null when it does not say. */
export async function vaultHalted(meterUrl: string, log: Log, doFetch: typeof fetch = fetch): Promise<boolean | null> {
  try {
    const res = await doFetch(`${vaultHttpUrl(meterUrl)}/v1/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    const parsed = healthSchema.safeParse(await res.json());
    if (!parsed.success) log.warn('health-unreadable');
    return parsed.success ? parsed.data.halted : null;
  } catch (err) {
    log.warn('health-unreachable', describeError(err));
    return null;
  }
}

/** `vault meter …` and `vault module recover`: one request to the running vault's operator socket. */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { adminAnswerSchema, adminSocketPath, type AdminRequest } from './admin-protocol.ts';

const NOT_RUNNING = 'the vault is not running here (start it with "vault start"): operator steps run in its modules';
const TIMEOUT_MS = 60_000;

/** Sends one request; resolves to the result, throws the vault's plain refusal. */
export function callVault(dataDir: string, request: AdminRequest): Promise<Record<string, unknown>> {
  const path = adminSocketPath(dataDir);
  if (!existsSync(path)) return Promise.reject(new Error(NOT_RUNNING));
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let text = '';
    socket.setEncoding('utf8');
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error('the vault did not answer in time')));
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? new Error(NOT_RUNNING) : err));
    socket.on('end', () => {
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // no answer (the vault stopped mid-request): reported below
      }
      const parsed = adminAnswerSchema.safeParse(json);
      if (!parsed.success) reject(new Error('the vault gave no answer'));
      else if (parsed.data.ok) resolve(parsed.data.result);
      else reject(new Error(parsed.data.message));
    });
  });
}

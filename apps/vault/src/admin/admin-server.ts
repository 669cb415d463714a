/** The operator socket's server in `vault start` (admin-protocol.ts): one request at a time. */
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { errorText, type VaultLog } from '../log/vault-log.ts';
import { adminRequestSchema, adminSocketPath, MAX_ADMIN_LINE, type AdminAnswer } from './admin-protocol.ts';
import { runOperatorStep, type OperatorParts } from './operator-steps.ts';

export interface AdminServer {
  close(): Promise<void>;
}

function plain(err: unknown): string {
  // Our own messages (refusals, storage); a ProtocolError's code is in it already.
  return err instanceof Error ? err.message : 'the operator step failed';
}

/** Listens on DIR/admin.sock (mode 0600). The data folder's lock makes any socket file there a leftover. */
export async function startAdminServer(dataDir: string, parts: OperatorParts, log: VaultLog): Promise<AdminServer> {
  const path = adminSocketPath(dataDir);
  rmSync(path, { force: true });
  // Requests run one after another: an operator's steps never race each other.
  let queue: Promise<unknown> = Promise.resolve();
  const serve = (socket: Socket) => {
    let text = '';
    socket.setEncoding('utf8');
    const answer = (a: AdminAnswer) => socket.end(`${JSON.stringify(a)}\n`);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_ADMIN_LINE) {
        socket.removeAllListeners('data');
        answer({ ok: false, message: 'the request is too long' });
        return;
      }
      const end = text.indexOf('\n');
      if (end < 0) return;
      socket.removeAllListeners('data');
      let json: unknown;
      try {
        json = JSON.parse(text.slice(0, end));
      } catch {
        answer({ ok: false, message: 'the request is not JSON' });
        return;
      }
      const parsed = adminRequestSchema.safeParse(json);
      if (!parsed.success) {
        answer({ ok: false, message: `the request is not an operator step (${parsed.error.issues[0]?.path.join('.') || 'op'})` });
        return;
      }
      const req = parsed.data;
      queue = queue.then(async () => {
        try {
          const result = await runOperatorStep(parts, req);
          log.info('operator step done', { step: req.op });
          answer({ ok: true, result });
        } catch (err) {
          log.warn('operator step refused', { step: req.op, error: errorText(err) });
          answer({ ok: false, message: plain(err) });
        }
      });
    });
  };
  const server: Server = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(path, { force: true });
      }),
  };
}

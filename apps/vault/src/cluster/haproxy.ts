/**
 * haproxy in front of the vault processes (Debian's `haproxy`): one address for every client,
 * WebSockets carried through (HTTP mode upgrades them; `timeout tunnel` keeps an idle meter
 * socket open), a process that fails its health check taken out within seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';

export function haproxyConfig(port: number, backends: Array<{ name: string; port: number }>): string {
  return `# made by "pnpm cluster"; rewritten on every start
global
  # each proxied connection takes two descriptors: stay inside a default limit of file descriptors
  maxconn 4000

defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  # a meter's WebSocket may sit idle between prints
  timeout tunnel 1h

frontend vault
  bind 127.0.0.1:${port}
  default_backend vaults

backend vaults
  balance leastconn
  option httpchk GET /v1/health
${backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check inter 1s fall 2 rise 1`).join('\n')}
`;
}

/** Starts haproxy in the foreground (-db) on `configFile`. */
export function startHaproxy(configFile: string, config: string): ChildProcess {
  const bin = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((p) => existsSync(p));
  if (bin === undefined) throw new Error('haproxy not found: apt-get install haproxy');
  writeFileSync(configFile, config);
  return spawn(bin, ['-f', configFile, '-db'], { stdio: ['ignore', 'inherit', 'inherit'] });
}

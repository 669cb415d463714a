import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ArtifactFileName, ChannelName, HISTORY_FILE } from './feed-names.ts';
import { parseRange } from './byte-range.ts';

const PREFIX = '/updates/';

/** Content type and caching per served file: the update info and its signature must never be
 * served stale; artifacts are opaque bytes. electron-updater reads the yml as text whatever the
 * type says; `text/yaml` is the registered type (RFC 9512). */
function headersFor(name: string): { type: string; cacheControl?: string } {
  if (name.endsWith('.yml')) return { type: 'text/yaml; charset=utf-8', cacheControl: 'no-cache' };
  if (name.endsWith('.yml.sig')) return { type: 'text/plain; charset=utf-8', cacheControl: 'no-cache' };
  return { type: 'application/octet-stream' };
}

/**
 * Route handler for the vault's HTTP server: serves `/updates/<channel>/<file>` from
 * `<feedDir>/<channel>/<file>` (GET and HEAD, single byte ranges). Returns false for any other
 * path. Nothing outside the channel folders is reachable: names are single safe path segments
 * (checked after percent-decoding), and the real path (symlinks resolved) must stay inside
 * `feedDir`.
 */
export function createUpdateFeedHandler(opts: { feedDir: string }): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const rawPath = (req.url ?? '').split('?')[0] ?? '';
    if (rawPath !== '/updates' && !rawPath.startsWith(PREFIX)) return false;
    serve(opts.feedDir, rawPath, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
    return true;
  };
}

async function serve(feedDir: string, rawPath: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'method not allowed');
  }
  const segments = rawPath.slice(PREFIX.length).split('/');
  if (segments.length !== 2) return send(res, 404, 'not found');
  const decoded = segments.map(decodeSegment);
  const [channel, name] = decoded;
  if (channel === null || name === null || channel === undefined || name === undefined) {
    return send(res, 400, 'bad path');
  }
  if (!ChannelName.safeParse(channel).success || !ArtifactFileName.safeParse(name).success || name === HISTORY_FILE) {
    return send(res, 404, 'not found');
  }

  const file = await realpath(join(feedDir, channel, name)).catch(() => null);
  const root = await realpath(feedDir).catch(() => null);
  if (file === null || root === null || !file.startsWith(root + sep)) return send(res, 404, 'not found');
  const info = await stat(file);
  if (!info.isFile()) return send(res, 404, 'not found');

  const { type, cacheControl } = headersFor(name);
  res.setHeader('Content-Type', type);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Last-Modified', info.mtime.toUTCString());
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (cacheControl) res.setHeader('Cache-Control', cacheControl);

  const range = parseRange(req.headers.range, info.size);
  if (range.kind === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${info.size}`);
    return send(res, 416, 'range not satisfiable');
  }
  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end : info.size - 1;
  res.statusCode = range.kind === 'partial' ? 206 : 200;
  if (range.kind === 'partial') res.setHeader('Content-Range', `bytes ${start}-${end}/${info.size}`);
  res.setHeader('Content-Length', String(end - start + 1));
  if (req.method === 'HEAD' || info.size === 0) {
    res.end();
    return;
  }
  await pipeline(createReadStream(file, { start, end }), res);
}

/** A percent-decoded path segment, or null when it cannot be decoded or hides a separator. */
function decodeSegment(segment: string): string | null {
  let value: string;
  try {
    value = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return /[/\\\0]/.test(value) ? null : value;
}

function send(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.end(`${message}\n`);
}

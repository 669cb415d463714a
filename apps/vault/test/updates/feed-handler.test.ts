import assert from 'node:assert/strict';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { request, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createUpdateFeedHandler } from '../../src/updates/feed-handler.ts';
import { channelDirOf, publishRelease } from '../../src/updates/publish.ts';
import { makeFeedFixture, type FeedFixture } from './feed-fixture.ts';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** An HTTP request whose path is sent exactly as written (fetch would normalise `..`). */
function raw(port: number, path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('update feed HTTP handler', () => {
  let fx: FeedFixture;
  let server: Server;
  let port: number;
  let artifact: Buffer;
  let yml: Buffer;
  const SIZE = 100_000;

  before(async () => {
    fx = await makeFeedFixture();
    const file = await fx.artifact('VBI-Meter-1.0.0.AppImage', SIZE);
    artifact = await readFile(file);
    await publishRelease({ dataDir: fx.dataDir, channel: 'stable', version: '1.0.0', file }, fx.signer);
    yml = await readFile(join(channelDirOf(fx.dataDir, 'stable'), 'latest-linux.yml'));
    const handle = createUpdateFeedHandler({ feedDir: join(fx.dataDir, 'updates') });
    server = createServer((req, res) => {
      if (!handle(req, res)) {
        res.statusCode = 418;
        res.end('not mine');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await fx.cleanup();
  });

  it('serves the yml and its signature as text, never cached stale', async () => {
    const a = await raw(port, '/updates/stable/latest-linux.yml?noCache=1abc');
    assert.equal(a.status, 200);
    assert.deepEqual(a.body, yml);
    assert.equal(a.headers['content-type'], 'text/yaml; charset=utf-8');
    assert.equal(a.headers['cache-control'], 'no-cache');
    const s = await raw(port, '/updates/stable/latest-linux.yml.sig');
    assert.equal(s.status, 200);
    assert.equal(s.headers['cache-control'], 'no-cache');
    assert.equal(s.headers['content-type'], 'text/plain; charset=utf-8');
  });

  it('serves the artifact whole, with Accept-Ranges, and answers HEAD without a body', async () => {
    const a = await raw(port, '/updates/stable/VBI-Meter-1.0.0.AppImage');
    assert.equal(a.status, 200);
    assert.equal(a.headers['content-type'], 'application/octet-stream');
    assert.equal(a.headers['accept-ranges'], 'bytes');
    assert.equal(a.headers['content-length'], String(SIZE));
    assert.equal(a.headers['cache-control'], undefined);
    assert.deepEqual(a.body, artifact);
    const h = await raw(port, '/updates/stable/VBI-Meter-1.0.0.AppImage', { method: 'HEAD' });
    assert.equal(h.status, 200);
    assert.equal(h.headers['content-length'], String(SIZE));
    assert.equal(h.body.length, 0);
  });

  it('answers single byte ranges with 206 and the right bytes', async () => {
    const path = '/updates/stable/VBI-Meter-1.0.0.AppImage';
    const cases: Array<[string, number, number]> = [
      ['bytes=0-0', 0, 0],
      ['bytes=1000-1999', 1000, 1999],
      ['bytes=99990-', 99990, SIZE - 1],
      ['bytes=-10', SIZE - 10, SIZE - 1],
      ['bytes=50000-200000', 50000, SIZE - 1],
    ];
    for (const [range, start, end] of cases) {
      const a = await raw(port, path, { headers: { Range: range } });
      assert.equal(a.status, 206, range);
      assert.equal(a.headers['content-range'], `bytes ${start}-${end}/${SIZE}`, range);
      assert.equal(a.headers['content-length'], String(end - start + 1), range);
      assert.deepEqual(a.body, artifact.subarray(start, end + 1), range);
    }
    const head = await raw(port, path, { method: 'HEAD', headers: { Range: 'bytes=10-19' } });
    assert.equal(head.status, 206);
    assert.equal(head.headers['content-length'], '10');
  });

  it('answers 416 to an unsatisfiable range and 200 to ranges it does not serve', async () => {
    const path = '/updates/stable/VBI-Meter-1.0.0.AppImage';
    for (const range of [`bytes=${SIZE}-`, `bytes=${SIZE + 5}-${SIZE + 10}`, 'bytes=-0']) {
      const a = await raw(port, path, { headers: { Range: range } });
      assert.equal(a.status, 416, range);
      assert.equal(a.headers['content-range'], `bytes */${SIZE}`, range);
    }
    for (const range of ['bytes=0-1,5-6', 'items=0-5', 'bytes=9-2']) {
      const a = await raw(port, path, { headers: { Range: range } });
      assert.equal(a.status, 200, range);
      assert.equal(a.body.length, SIZE, range);
    }
  });

  it('refuses every path out of the feed folder', async () => {
    await writeFile(join(fx.dataDir, 'secret.yml'), 'secret: outside the feed\n');
    const dir = channelDirOf(fx.dataDir, 'stable');
    await symlink(join(fx.dataDir, 'trust', 'release.pub.pem'), join(dir, 'escape.AppImage'));
    await symlink(join(fx.dataDir, 'trust'), join(fx.dataDir, 'updates', 'linked'));
    await mkdir(join(fx.dataDir, 'updates', 'nested', 'deeper'), { recursive: true });
    await writeFile(join(fx.dataDir, 'updates', 'nested', 'deeper', 'x.yml'), 'x: 1\n');

    const attempts = [
      '/updates/stable/../../secret.yml',
      '/updates/stable/..%2f..%2fsecret.yml',
      '/updates/stable/%2e%2e%2f%2e%2e%2fsecret.yml',
      '/updates/stable/%2E%2E/%2E%2E/secret.yml',
      '/updates/%2e%2e/secret.yml',
      '/updates/stable/..%5c..%5csecret.yml',
      '/updates/stable/%252e%252e%252fsecret.yml',
      '/updates/stable/%2fetc%2fpasswd',
      '/updates//etc/passwd',
      '/updates/stable//etc/passwd',
      '/updates/stable/%00latest-linux.yml',
      '/updates/stable/%zz',
      '/updates/stable/escape.AppImage',
      '/updates/linked/release.pub.pem',
      '/updates/nested/deeper/x.yml',
      '/updates/stable/history.jsonl',
      '/updates/stable/.publish.lock',
      '/updates/stable/',
      '/updates/',
      '/updates',
    ];
    for (const path of attempts) {
      const a = await raw(port, path);
      assert.ok(a.status === 404 || a.status === 400, `${path} → ${a.status}`);
      assert.ok(!a.body.toString().includes('outside the feed') && !a.body.toString().includes('PUBLIC KEY'), path);
    }
  });

  it('answers 404 to an unknown channel or file, 405 to other methods, and leaves other paths alone', async () => {
    assert.equal((await raw(port, '/updates/nightly/latest-linux.yml')).status, 404);
    assert.equal((await raw(port, '/updates/stable/latest-mac.yml')).status, 404);
    const post = await raw(port, '/updates/stable/latest-linux.yml', { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    assert.equal((await raw(port, '/v1/health')).status, 418);
    assert.equal((await raw(port, '/updatesX/stable/latest-linux.yml')).status, 418);
  });
});

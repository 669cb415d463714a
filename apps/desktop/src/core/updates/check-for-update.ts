import semver from 'semver';
import { parseFeedUpdateInfo, updateInfoFileName, type UpdatePlatform } from './feed-info.ts';
import { releasePublicKey, verifyFeedSignature } from './feed-signature.ts';
import { describeNetworkError } from './network-error.ts';
import type { UpdateCheckResult } from './update-result.ts';

export interface CheckForUpdateOptions {
  /** The channel folder of the vault's feed, e.g. `http://127.0.0.1:7420/updates/stable/`. */
  feedBaseUrl: string;
  platform: UpdatePlatform;
  /** The running app's version (semantic). */
  currentVersion: string;
  /** The pinned `trust/release.pub.pem` (never fetched from the network). */
  releasePublicKeyPem: string;
  fetch?: typeof fetch;
}

const MAX_YML_BYTES = 1024 * 1024;
const MAX_SIG_BYTES = 1024;

/**
 * Fetches the channel's update info and its detached signature, verifies the signature over the
 * exact yml bytes with the pinned release key, and only then reads the yml. Offers the release
 * when its version is greater than the running one.
 */
export async function checkForUpdate(opts: CheckForUpdateOptions): Promise<UpdateCheckResult> {
  if (semver.valid(opts.currentVersion) === null) {
    throw new Error(`the running version "${opts.currentVersion}" is not a semantic version`);
  }
  const key = releasePublicKey(opts.releasePublicKeyPem);
  if (!key) return { status: 'refused', reason: 'the pinned release key is not an Ed25519 public key' };
  const doFetch = opts.fetch ?? fetch;
  const base = new URL(opts.feedBaseUrl.endsWith('/') ? opts.feedBaseUrl : `${opts.feedBaseUrl}/`);
  const ymlName = updateInfoFileName(opts.platform);

  const yml = await fetchSmall(doFetch, new URL(ymlName, base), MAX_YML_BYTES);
  if (yml.kind === 'unreachable') return { status: 'offline', reason: `could not reach the update feed at ${base.origin}: ${yml.reason}` };
  if (yml.kind === 'status') {
    return yml.status === 404
      ? { status: 'offline', reason: `no release is published on this channel (${ymlName} not found)` }
      : { status: 'offline', reason: `the update feed answered HTTP ${yml.status} for ${ymlName}` };
  }
  if (yml.kind === 'too-large') return { status: 'refused', reason: `${ymlName} is larger than ${MAX_YML_BYTES} bytes` };

  const sigName = `${ymlName}.sig`;
  const sig = await fetchSmall(doFetch, new URL(sigName, base), MAX_SIG_BYTES);
  if (sig.kind === 'unreachable') return { status: 'offline', reason: `could not reach the update feed at ${base.origin}: ${sig.reason}` };
  if (sig.kind === 'status') {
    return sig.status === 404
      ? { status: 'refused', reason: `the update feed is not signed (${sigName} is missing); update refused` }
      : { status: 'offline', reason: `the update feed answered HTTP ${sig.status} for ${sigName}` };
  }
  if (sig.kind === 'too-large') return { status: 'refused', reason: `${sigName} is not an Ed25519 signature; update refused` };

  const verdict = verifyFeedSignature(yml.body, sig.body.toString('utf8'), key);
  if (verdict === 'malformed') return { status: 'refused', reason: `${sigName} is not an Ed25519 signature; update refused` };
  if (verdict === 'invalid') {
    return {
      status: 'refused',
      reason: `the signature of ${ymlName} does not verify with the pinned release key (the feed was altered or signed by another key); update refused`,
    };
  }

  const parsed = parseFeedUpdateInfo(yml.body);
  if (!parsed.ok) return { status: 'refused', reason: `${parsed.reason}; update refused` };
  const { info } = parsed;
  if (!semver.gt(info.version, opts.currentVersion)) return { status: 'current', version: opts.currentVersion };
  const file = info.files[0]!;
  return {
    status: 'available',
    version: info.version,
    ...(info.releaseNotes !== undefined ? { releaseNotes: info.releaseNotes } : {}),
    releaseDate: info.releaseDate,
    file: { url: new URL(encodeURIComponent(file.url), base).href, sha512: file.sha512, size: file.size },
  };
}

type Fetched =
  | { kind: 'ok'; body: Buffer }
  | { kind: 'status'; status: number }
  | { kind: 'too-large' }
  | { kind: 'unreachable'; reason: string };

/** GETs a small file, bypassing caches; never reads more than `limit` bytes into memory. */
async function fetchSmall(doFetch: typeof fetch, url: URL, limit: number): Promise<Fetched> {
  let res: Response;
  try {
    res = await doFetch(url, { headers: { 'Cache-Control': 'no-cache' } });
  } catch (err) {
    return { kind: 'unreachable', reason: describeNetworkError(err) };
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    return { kind: 'status', status: res.status };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body ?? []) {
      size += chunk.length;
      if (size > limit) return { kind: 'too-large' }; // leaving the loop cancels the body
      chunks.push(Buffer.from(chunk));
    }
  } catch (err) {
    return { kind: 'unreachable', reason: describeNetworkError(err) };
  }
  return { kind: 'ok', body: Buffer.concat(chunks) };
}

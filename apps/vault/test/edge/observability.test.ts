/**
 * What operators see: JSON log lines on stderr and Prometheus metrics (connections, frames by op
 * and result, batch sizes, commit latency, queue depths, halted) — and never a secret in either.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MeterClient, startTestVault, today, type TestVault } from '../../src/testing/index.ts';

const PASS = 'observability passphrase 1';
let vault: TestVault;
let client: MeterClient;

before(async () => {
  vault = await startTestVault({ startArgs: ['--metrics-port', '0'] });
  client = await MeterClient.connect(vault.url, vault.trustDir);
  assert.equal((await client.register('observed', PASS)).ok, true);
  await vault.credit('observed', 5000);
  assert.equal((await client.maced('purchase', { amount: 2000 })).ok, true);
  assert.equal((await client.maced('indicium', { kind: 'postage', postage: 740, rateCategory: 'FCLT', mailDate: today() })).ok, true);
  const other = await MeterClient.connect(vault.url, vault.trustDir);
  assert.equal((await other.login('observed', 'a wrong passphrase')).error?.code, 'AUTH_FAILED');
  other.close();
});
after(async () => {
  client.close();
  await vault.stop();
});

async function metricsText(): Promise<string> {
  let url: string | undefined;
  while ((url = /metrics on (http:\/\/\S+\/metrics)/.exec(vault.output())?.[1]) === undefined) await new Promise((r) => setTimeout(r, 20));
  return (await fetch(url)).text();
}

test('/metrics: connections, frames by op and result, batch sizes, commit latency, queue depths, halted, process figures', async () => {
  const text = await metricsText();
  for (const line of [
    /^vbi_connections [1-9]/m,
    /^vbi_frames_total\{op="indicium",result="ok"\} 1$/m,
    /^vbi_frames_total\{op="login",result="AUTH_FAILED"\} 1$/m,
    /^vbi_frames_total\{op="hello",result="ok"\} [2-9]/m,
    /^vbi_batch_size_count [1-9]/m,
    /^vbi_batch_commit_seconds_bucket\{le="\+Inf"\} [1-9]/m,
    /^vbi_queue_depth\{queue="bank"\} 0$/m,
    /^vbi_queue_depth\{queue="hello"\} 0$/m,
    /^vbi_halted 0$/m,
    /^vbi_modules\{state="ready"\} 2$/m,
    /^vbi_vault_process_resident_memory_bytes \d+/m,
  ]) assert.match(text, line);
});

test('a connection that keeps sending after RATE_LIMITED (twice the rate) is cut, and counted', async () => {
  const flooder = await MeterClient.connect(vault.url, vault.trustDir);
  const closed = new Promise<void>((resolve) => flooder.ws.once('close', () => resolve()));
  for (let i = 0; i < 1000 && flooder.ws.readyState === flooder.ws.OPEN; i++) flooder.ws.send('{}');
  await closed;
  assert.match(await metricsText(), /^vbi_connections_closed_by_vault_total\{reason="flood"\} 1$/m);
  assert.match(await metricsText(), /^vbi_frames_total\{op="invalid",result="RATE_LIMITED"\} \d+$/m);
});

test('stderr is JSON lines (level, time, msg); stdout keeps its one listening line', () => {
  const lines = vault.output().split('\n').filter((l) => l.startsWith('{'));
  assert.ok(lines.length >= 1, 'at least the metrics line');
  for (const line of lines) {
    const event = JSON.parse(line) as Record<string, unknown>;
    assert.equal(typeof event.level, 'number');
    assert.equal(typeof event.time, 'string');
    assert.equal(typeof event.msg, 'string');
    assert.equal(event.service, 'vbi-vault');
  }
  assert.equal(vault.output().split('\n').filter((l) => l.startsWith('listening on ')).length, 1);
});

test('no secret in the logs or the metrics: passphrases, the HMK, the key store passphrase, sealed payloads', async () => {
  const everything = `${vault.output()}\n${await metricsText()}`;
  const keystorePassphrase = readFileSync(join(vault.dataDir, 'keystore.passphrase'), 'utf8').trim();
  const secrets = [PASS, 'a wrong passphrase', keystorePassphrase, client.hmk.toString('base64url'), client.hmk.toString('hex'),
    client.hmk.toString('base64').replace(/=+$/, '')];
  for (const secret of secrets) assert.equal(everything.includes(secret), false, `a secret (${secret.length} characters) leaked`);
  assert.doesNotMatch(everything, /"sealed"|BEGIN [A-Z ]*PRIVATE KEY/);
});

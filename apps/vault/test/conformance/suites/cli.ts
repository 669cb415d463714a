/** SPEC §7 operator commands: --help everywhere, `status` and `credit` beside a running vault. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../../src/config/paths.ts';
import type { Fixture } from '../fixture.ts';
import { assertOk } from '../meter.ts';

export function cliTests(fx: Fixture): void {
  const CLI = join(REPO_ROOT, 'apps/vault/src/cli/main.ts');
  const HELP_PROBE = join(REPO_ROOT, 'apps/vault/test/conformance/help-probe.ts');

  interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
  }

  function run(command: string, args: string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** `pnpm vault ARGS`, run without pnpm's start-up (the same entry point the script runs). */
  const vault = (...args: string[]) => run(process.execPath, ['--import', 'tsx', CLI, ...args]);

  /** SPEC §7: each command with the options SPEC names for it. */
  const COMMANDS: Array<[string[], string[]]> = [
    [['init'], ['--data']],
    [['start'], ['--data', '--host', '--port']],
    [['mint'], ['--data', '--count']],
    [['credit'], ['--data', '--user', '--amount']],
    [['status'], ['--data']],
    [['backup'], ['--data', '--out']],
    [['recover'], ['--snapshot', '--logs', '--data']],
    [['release', 'publish'], ['--data', '--channel', '--version', '--file']],
    [['import-addresses'], ['--data']],
  ];

  test('pnpm vault --help lists every command of SPEC §7', async () => {
    const r = await run('pnpm', ['-s', 'vault', '--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const [words] of COMMANDS) assert.match(r.stdout, new RegExp(`^\\s+${words[0]}\\s`, 'm'), words[0]);
  });

  test('every command has --help naming its SPEC options (exit 0)', async () => {
    const [viaMain, probe] = await Promise.all([
      vault('credit', '--help'),
      run(process.execPath, ['--import', 'tsx', HELP_PROBE, ...COMMANDS.map(([words]) => words.join(' '))]),
    ]);
    assert.equal(viaMain.code, 0, viaMain.stderr);
    assert.match(viaMain.stdout, /^Usage: pnpm vault credit/, 'main.ts hands --help to the command');
    assert.equal(probe.code, 0, probe.stderr);
    const results = JSON.parse(probe.stdout.trim().split('\n').at(-1) ?? '') as Array<{ words: string[]; code: number; stdout: string }>;
    assert.equal(results.length, COMMANDS.length);
    results.forEach((r, j) => {
      const [words, options] = COMMANDS[j] as [string[], string[]];
      const name = words.join(' ');
      assert.deepEqual(r.words, words);
      assert.equal(r.code, 0, `${name} --help exits 0`);
      assert.match(r.stdout, new RegExp(`^Usage: pnpm vault ${name}`), name);
      for (const o of options) assert.ok(r.stdout.includes(o), `${name} --help mentions ${o}`);
    });
  });

  test('start printed one line "listening on ws://HOST:PORT/v1/meter"', () => {
    const lines = fx.vault.output().split('\n').filter((l) => l.startsWith('listening on '));
    assert.deepEqual(lines, [`listening on ${fx.vault.url}`]);
    assert.match(fx.vault.url, /^ws:\/\/127\.0\.0\.1:[1-9][0-9]*\/v1\/meter$/);
  });

  test('vault credit works while the vault runs; the funds can be bought at once', async () => {
    const m = await fx.signedUp('cli.credit');
    const r = await vault('credit', '--data', fx.vault.dataDir, '--user', 'CLI.Credit', '--amount', '1500');
    assert.equal(r.code, 0, r.stderr);
    const body = assertOk(await m.maced('purchase', { amount: 1500 }));
    assert.equal(body.funds, 0);
    assert.deepEqual(m.registers, { ar: 0, dr: 1500 });
    const unknown = await vault('credit', '--data', fx.vault.dataDir, '--user', 'nobody.here', '--amount', '1');
    assert.notEqual(unknown.code, 0, 'unknown account');
  });

  test('vault status while running: modules, meters by state, totals, halted or not', async () => {
    const m = await fx.signedUp('cli.status', 900);
    assertOk(await m.maced('indicium', { kind: 'postage', postage: 300, rateCategory: 'FCLT', mailDate: fx.today() }));
    const r = await vault('status', '--data', fx.vault.dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /running/);
    assert.match(r.stdout, /^modules:\n {2}1: ready.*\n {2}2: ready/m);
    assert.match(r.stdout, /^meters: .*operational [1-9]/m);
    assert.match(r.stdout, /^pieces: [1-9][0-9]*, postage \$[0-9]+\.[0-9]{3} \([1-9][0-9]* mills\)/m);
    assert.doesNotMatch(r.stdout, /HALTED/);
  });

  // Last: it stops this file's vault.
  test('start stops cleanly on SIGTERM (exit code 0)', async () => {
    assert.equal(await fx.vault.kill('SIGTERM'), 0);
  });
}

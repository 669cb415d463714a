/**
 * Part 6, auth and secrets: five wrong passphrases lock a meter (the sixth try, with the right
 * one, gets LOCKED_OUT); the operator unlocks it (`vault meter unlock`), the right passphrase then
 * signs in, and the operator re-keys it and reads it (`meter show`, `status --accounts`: these
 * open sealed packages and a new meter key is made); then every line the vaults and the operator
 * commands printed during the whole run, and every answer any client received, is scanned for
 * every secret the harness knows.
 */
import type { Part } from '../context.ts';
import { harnessKeys } from '../keys.ts';
import { LoadMeter } from '../load-meter.ts';
import { vaultCommand } from '../cli.ts';

export const authPart: Part = async (h) => {
  // A vault of its own `init` (not the shared template), so the scan covers what init prints too.
  const vault = await h.vault({ fresh: true, poolSize: 1 });
  harnessKeys(h, vault.dataDir);
  const m = new LoadMeter(h, 'auth.victim');
  await m.register(vault.url, vault.trustDir);
  const c = await m.connect(vault.url, vault.trustDir);
  const codes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const guess = `guess-${i}-${m.passphrase.slice(5)}`;
    h.secret('a guessed passphrase', guess);
    codes.push((await c.login(m.username, guess, m.hmk)).error?.code ?? 'ok');
  }
  const right = await c.login(m.username, m.passphrase, m.hmk);
  const unknown = await c.login('auth.nobody', m.passphrase, m.hmk);
  // The operator's steps on the locked meter, their output scanned below with the rest.
  const steps = [['meter', 'show'], ['meter', 'unlock'], ['meter', 'rekey'], ['status', '--accounts']];
  const stepCodes: Array<number | null> = [];
  for (const step of steps) stepCodes.push((await vaultCommand(h, [...step, '--data', vault.dataDir, ...(step[0] === 'meter' ? ['--user', m.username] : [])])).code);
  const unlocked = await c.login(m.username, m.passphrase, m.hmk);
  const operatorOk = stepCodes.every((code) => code === 0) && unlocked.ok;
  // The fifth failure sets the lock (its answer may already say LOCKED_OUT); the right passphrase is then refused.
  const lockedOut = codes.slice(0, 4).every((x) => x === 'AUTH_FAILED') && ['AUTH_FAILED', 'LOCKED_OUT'].includes(codes[4] ?? '')
    && right.error?.code === 'LOCKED_OUT';
  const sameAnswer = unknown.error?.code === 'AUTH_FAILED' && unknown.error.message === c.received.find((a) => a.error?.code === 'AUTH_FAILED')?.error?.message;
  await vault.kill('SIGTERM');

  const text = h.everything();
  const flat = text.replace(/\s+/g, '');
  const leaks = [...h.secrets].filter(([secret]) => text.includes(secret) || flat.includes(secret.replace(/\s+/g, '')));
  const labels = [...new Set(leaks.map(([, label]) => label))];
  return {
    ok: lockedOut && sameAnswer && operatorOk && leaks.length === 0,
    line: `auth: 5 wrong passphrases → ${codes.join(',')}; right one after → ${right.error?.code ?? 'ACCEPTED'}; unknown user answered alike: ${sameAnswer}; ` +
      `operator show/unlock/rekey/accounts → ${stepCodes.join(',')}, login after unlock ${unlocked.ok ? 'ACCEPTED' : unlocked.error?.code}; ` +
      `${h.secrets.size} secrets scanned in ${Math.round(text.length / 1024)} KiB of logs and answers → ${leaks.length} found${labels.length > 0 ? ` (${labels.join(', ')})` : ''}`,
  };
};

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { computeMac } from '@vbi/protocol/crypto';
import { loadHmk } from '../../src/core/profile/hmk-store.ts';
import { fundedDesktop, letterJob, PASSPHRASE, TO, type Desktop } from '../helpers/desktop-fixture.ts';
import { scanSymbols } from '../helpers/scan.ts';
import { vaultBehindProxy } from '../helpers/ws-proxy.ts';

const fx = vaultBehindProxy();

const fundedAccount = (username: string): Promise<Desktop> => fundedDesktop(fx.vault, fx.proxy.url, username, 10_000);

function isPostageRequest(op: string, request: Record<string, unknown>): boolean {
  return op === 'indicium' && (request.body as { kind?: string }).kind === 'postage';
}

test('a lost answer: the vault committed, nothing printed; the next login reconciles and prints the SAME indicium', async (t) => {
  const d = await fundedAccount('lost');
  t.after(() => d.cleanup());
  let dropped: Buffer | null = null;
  fx.proxy.onAnswer = (op, request, answer) => {
    if (isPostageRequest(op, request) && dropped === null) {
      dropped = Buffer.from((answer.body as { indicium: string }).indicium, 'base64url');
      return { kind: 'drop-and-close' };
    }
    return { kind: 'pass' };
  };
  const lost = await d.raw('printPostage', letterJob());
  assert.equal(!lost.ok && lost.error.code, 'LOST_ANSWER');
  assert.ok(dropped, 'the vault did answer (and commit) before the socket was dropped');
  assert.equal(d.pdfs().length, 0, 'nothing printed without a checked answer');
  const mirror = JSON.parse(readFileSync(join(d.profileDir, 'accounts', 'lost', 'mirror.json'), 'utf8'));
  assert.equal(mirror.pending.op, 'indicium', 'the write-ahead entry survived');
  assert.equal(d.core.status().signedIn, false);

  fx.proxy.onAnswer = () => ({ kind: 'pass' });
  const status = await d.call('login', { username: 'lost', passphrase: PASSPHRASE });
  assert.equal(status.valueOpsBlocked, false);
  assert.equal(status.pendingPiece?.pieceNumber, 1);
  assert.equal(status.pendingPiece?.addressee, TO.name, "the print domain's write-ahead kept what to print");
  assert.deepEqual(status.registers, { ar: mirror.pending.expected.ar, dr: mirror.pending.expected.dr });
  const notSetUp = await d.raw('printPending', { printerId: 'file:PDF folder' });
  assert.equal(!notSetUp.ok && notSetUp.error.code, 'PRINTER_NOT_SET_UP', 'the recovered piece, too, asks for printer setup first');
  const { entry } = await d.call('printPending', { printerId: 'file:PDF folder', skipSetup: true });
  assert.equal(entry.status, 'printed');
  assert.equal(entry.pieceNumber, 1);
  assert.deepEqual((await scanSymbols(d.pdfs()[0]!))[0], dropped, 'the printed symbol is the very indicium the vault issued');
  assert.equal(d.core.status().pendingPiece, null);
});

test('a flipped MAC is refused: nothing prints and value operations stop', async (t) => {
  const d = await fundedAccount('flipmac');
  t.after(() => d.cleanup());
  fx.proxy.onAnswer = (op, request, answer) => {
    if (!isPostageRequest(op, request)) return { kind: 'pass' };
    const mac = Buffer.from(String(answer.mac), 'base64url');
    mac[0] = (mac[0] ?? 0) ^ 0x01;
    return { kind: 'replace', frame: { ...answer, mac: mac.toString('base64url') } };
  };
  const r = await d.raw('printPostage', letterJob());
  assert.equal(!r.ok && r.error.code, 'ANSWER_REFUSED');
  assert.equal(d.pdfs().length, 0);
  const status = d.core.status();
  assert.equal(status.valueOpsBlocked, true);
  assert.equal(status.problem?.code, 'ANSWER_REFUSED');
  const buy = await d.raw('buyPostage', { amountMills: 1000 });
  assert.equal(!buy.ok && buy.error.code, 'ANSWER_REFUSED');
  fx.proxy.onAnswer = () => ({ kind: 'pass' });
});

test('registers that differ from our own computation are refused even under a valid MAC', async (t) => {
  const d = await fundedAccount('badregs');
  t.after(() => d.cleanup());
  const hmk = loadHmk(d.profileDir, 'badregs', PASSPHRASE); // the attacker model: a vault-side bug, MAC intact
  fx.proxy.onAnswer = (op, request, answer) => {
    if (!isPostageRequest(op, request)) return { kind: 'pass' };
    const body = answer.body as { registers: { ar: number; dr: number } };
    const forged = { ...body, registers: { ar: body.registers.ar, dr: body.registers.dr + 5000 } };
    return { kind: 'replace', frame: { ...answer, body: forged, mac: computeMac(hmk, 'res', 'indicium', forged) } };
  };
  const r = await d.raw('printPostage', letterJob());
  assert.equal(!r.ok && r.error.code, 'ANSWER_REFUSED');
  assert.match(!r.ok ? r.error.message : '', /register/);
  assert.equal(d.pdfs().length, 0);
  assert.deepEqual(d.core.status().registers, { ar: 0, dr: 10_000 }, 'the mirror did not move');
  fx.proxy.onAnswer = () => ({ kind: 'pass' });
});

test('an answer that is not a frame of the protocol is refused by the codec: nothing prints, the write-ahead entry stays', async (t) => {
  const d = await fundedAccount('offframe');
  t.after(() => d.cleanup());
  fx.proxy.onAnswer = (op, request, answer) => (isPostageRequest(op, request) ? { kind: 'replace', frame: { ...answer, debug: 'extra' } } : { kind: 'pass' });
  const r = await d.raw('printPostage', letterJob());
  assert.equal(!r.ok && r.error.code, 'ANSWER_REFUSED');
  assert.equal(d.pdfs().length, 0);
  assert.equal(d.core.status().valueOpsBlocked, true);
  const mirror = JSON.parse(readFileSync(join(d.profileDir, 'accounts', 'offframe', 'mirror.json'), 'utf8'));
  assert.equal(mirror.pending?.op, 'indicium', 'the vault may have issued it: the next sign-in reconciles');
  fx.proxy.onAnswer = () => ({ kind: 'pass' });
});

test('bad bridge input is refused before it reaches the core', async (t) => {
  const d = await fundedAccount('badinput');
  t.after(() => d.cleanup());
  for (const [name, input] of [
    ['buyPostage', { amountMills: -5 }],
    ['buyPostage', { amountMills: 1.5 }],
    ['printPostage', { ...letterJob(), weightOz: 0 }],
    ['printPostage', { ...letterJob(), mailDate: '2026-02-30' }],
    ['savePrinterSetup', { printerId: 'file:PDF folder', media: 'x', offsetsMm: { x: 99, y: 0 }, passed: true }],
  ] as const) {
    const r = await d.raw(name, input);
    assert.equal(!r.ok && r.error.code, 'BAD_REQUEST', `${name} ${JSON.stringify(input)}`);
  }
  assert.deepEqual(d.core.status().registers, { ar: 0, dr: 10_000 });
});

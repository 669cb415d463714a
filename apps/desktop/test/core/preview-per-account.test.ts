/**
 * The preview's sample symbol belongs to the account that asked for it (issue 15, defect 1): a
 * sample made for one meter is never shown to another that signs in later on the same app.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeIndicium } from '@vbi/indicia';
import { scanIndiciaFromPng } from '../../../../packages/indicia/src/scan.ts';
import { letterPiece, makeDesktop, PASSPHRASE, startTestVault, type Desktop, type TestVault } from '../helpers/desktop-fixture.ts';

let vault: TestVault;
let d: Desktop;
const scratch = mkdtempSync(join(tmpdir(), 'vbi-preview-'));

before(async () => {
  vault = await startTestVault();
  d = makeDesktop(vault);
});
after(async () => {
  d.cleanup();
  rmSync(scratch, { recursive: true, force: true });
  await vault.stop();
});

/** The sample symbol on the preview's first page, read back with dmtxread. */
async function previewSymbol(name: string) {
  const preview = await d.call('preview', letterPiece());
  const png = join(scratch, `${name}.png`);
  writeFileSync(png, Buffer.from(preview.pagesPng[0]!, 'base64'));
  const [symbol] = await scanIndiciaFromPng(png);
  assert.ok(symbol, `a Data Matrix symbol is on ${name}'s preview`);
  return decodeIndicium(symbol);
}

test("after another account signs in, Preview shows that account's meter, not the previous one's", async () => {
  const a = await d.call('register', { username: 'preview-a', licenseZip: '94105', passphrase: PASSPHRASE });
  const first = await previewSymbol('a');
  assert.equal(first.originZip, 94105);
  await d.call('logout', {});

  const b = await d.call('register', { username: 'preview-b', licenseZip: '94704', passphrase: PASSPHRASE });
  assert.notEqual(b.deviceId, a.deviceId);
  const second = await previewSymbol('b');
  assert.equal(second.kind, 2, 'still a sample, not postage');
  assert.equal(second.originZip, 94704, "the preview carries B's licensing ZIP");
  assert.equal(second.psdSerial, Number(b.deviceId!.split('-')[2]), "the preview carries B's meter serial");
});

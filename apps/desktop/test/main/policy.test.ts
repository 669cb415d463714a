/**
 * The Electron shell's security policy, held without an Electron binary (the `_electron` e2e
 * project checks the running window when ELECTRON_PATH is set).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_SECURITY_POLICY, isTrustedSender, WINDOW_PREFERENCES } from '../../src/main/policy.ts';

test('windows are isolated and sandboxed, with no Node and no webviews', () => {
  assert.equal(WINDOW_PREFERENCES.contextIsolation, true);
  assert.equal(WINDOW_PREFERENCES.sandbox, true);
  assert.equal(WINDOW_PREFERENCES.nodeIntegration, false);
  assert.equal(WINDOW_PREFERENCES.nodeIntegrationInWorker, false);
  assert.equal(WINDOW_PREFERENCES.nodeIntegrationInSubFrames, false);
  assert.equal(WINDOW_PREFERENCES.webSecurity, true);
  assert.equal(WINDOW_PREFERENCES.webviewTag, false);
});

test('the CSP allows only our own scripts and styles, and no connections', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name = '', ...values] = d.trim().split(/\s+/);
    return [name, values.join(' ')] as const;
  }));
  assert.equal(directives.get('default-src'), "'none'");
  assert.equal(directives.get('script-src'), "'self'");
  assert.equal(directives.get('style-src'), "'self'");
  assert.equal(directives.get('connect-src'), "'none'");
  assert.equal(directives.get('object-src'), "'none'");
  assert.equal(directives.get('frame-ancestors'), "'none'");
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-(inline|eval)|\*/);
});

test('IPC is served only to the main window’s main frame showing our page', () => {
  const index = 'file:///app/dist/renderer/index.html';
  const main = { url: index };
  assert.equal(isTrustedSender(main, main, index), true);
  assert.equal(isTrustedSender({ url: `${index}#home` }, { url: `${index}#home` }, index), false, 'another frame object, even at our URL');
  const same = { url: `${index}#x` };
  assert.equal(isTrustedSender(same, same, index), true, 'a fragment does not change the page');
  const elsewhere = { url: 'https://evil.example/' };
  assert.equal(isTrustedSender(elsewhere, elsewhere, index), false, 'the main frame after navigating away');
  assert.equal(isTrustedSender(null, main, index), false, 'a frame that is gone');
  assert.equal(isTrustedSender(main, undefined, index), false, 'no main window');
});

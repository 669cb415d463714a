import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { renderUpdateInfo } from '../../src/updates/update-info.ts';

const SHA = `${'Ab+/'.repeat(21)}Q0==`;
const render = (releaseNotes?: string) =>
  renderUpdateInfo({
    version: '1.0.0',
    files: [{ url: 'VBI Meter Setup 1.0.0.exe', sha512: SHA, size: 5 }],
    path: 'VBI Meter Setup 1.0.0.exe',
    sha512: SHA,
    ...(releaseNotes !== undefined ? { releaseNotes } : {}),
    releaseDate: '2026-11-24T10:00:00.000Z',
  });

describe('update info rendering', () => {
  it('writes the notes line exactly as electron-builder (js-yaml) quotes it', () => {
    // Expected lines taken from js-yaml 4 `dump(info, { lineWidth: 8000, noRefs: true })`.
    const cases: Array<[string, string]> = [
      ['plain words', 'releaseNotes: plain words'],
      ['Fix: printing', "releaseNotes: 'Fix: printing'"],
      ['# heading', "releaseNotes: '# heading'"],
      ['yes', "releaseNotes: 'yes'"],
      ['on', "releaseNotes: 'on'"],
      ['1.5', "releaseNotes: '1.5'"],
      ["it's", "releaseNotes: it's"],
      ['trailing ', "releaseNotes: 'trailing '"],
      ['a\tb', 'releaseNotes: "a\\tb"'],
      ['a\nb: c\n', 'releaseNotes: |\n  a\n  b: c'],
    ];
    for (const [notes, line] of cases) {
      const text = render(notes);
      assert.ok(text.includes(`\n${line}\nreleaseDate: '2026-11-24T10:00:00.000Z'\n`), `${JSON.stringify(notes)}:\n${text}`);
      assert.equal(parse(text).releaseNotes, notes, 'and any YAML reader gets the notes back unchanged');
    }
  });

  it('keeps electron-builder key order and leaves out absent notes', () => {
    assert.equal(
      render(),
      `version: 1.0.0\nfiles:\n  - url: VBI Meter Setup 1.0.0.exe\n    sha512: ${SHA}\n    size: 5\npath: VBI Meter Setup 1.0.0.exe\nsha512: ${SHA}\nreleaseDate: '2026-11-24T10:00:00.000Z'\n`,
    );
  });
});

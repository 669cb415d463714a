import { Document, Scalar } from 'yaml';

/** What electron-builder writes into `latest*.yml` for the generic provider, in its key order. */
export interface UpdateInfo {
  version: string;
  files: Array<{ url: string; sha512: string; size: number }>;
  /** Legacy copies of files[0] (electron-updater < 2.15 reads these). */
  path: string;
  sha512: string;
  releaseNotes?: string;
  releaseDate: string;
}

/**
 * The yml text, as electron-builder's `serializeToYaml` lays it out: block style, two-space
 * indent, sequences indented under their key, no line folding. `releaseDate` is single-quoted
 * as js-yaml quotes it, so electron-updater (js-yaml's default schema, which knows timestamps)
 * reads it back as a string rather than a Date.
 */
export function renderUpdateInfo(info: UpdateInfo): string {
  const ordered = {
    version: info.version,
    files: info.files.map((f) => ({ url: f.url, sha512: f.sha512, size: f.size })),
    path: info.path,
    sha512: info.sha512,
  };
  const doc = new Document(ordered, { version: '1.1' });
  if (info.releaseNotes !== undefined) {
    const notes = new Scalar(info.releaseNotes);
    // js-yaml double-quotes a string holding a tab; the yaml package would write it plain or as a
    // block. (Other control characters are refused before we get here.)
    if (info.releaseNotes.includes('\t')) notes.type = Scalar.QUOTE_DOUBLE;
    doc.set('releaseNotes', notes);
  }
  const date = new Scalar(info.releaseDate);
  date.type = Scalar.QUOTE_SINGLE;
  doc.set('releaseDate', date);
  return doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, singleQuote: true });
}

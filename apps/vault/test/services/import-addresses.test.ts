import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { supportDbPath } from '../../src/services/db/support-db.ts';
import { importAddresses, openSupportServices } from '../../src/services/index.ts';
import { columnOf, initDataDir, removeDir, shippedAddressLines, tempDir } from './support-fixture.ts';

const HEADER = 'LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH';

function count(dataDir: string, where = '1'): number {
  const db = new Database(supportDbPath(dataDir), { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM addresses WHERE ${where}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const VAULT_DIR = join(import.meta.dirname, '../..');

/** Runs `vault import-addresses` as the operator would, in a child process. */
function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'import-addresses', ...argv],
      { cwd: VAULT_DIR },
      (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
    );
  });
}

describe('address importer', () => {
  let root: string;
  let dataDir: string;
  const { header, lines } = shippedAddressLines();
  const berkeley = lines.filter((l) => columnOf(l, header, 'CITY') === 'BERKELEY');

  before(async () => {
    root = tempDir('import');
    // Start with San Francisco only; Berkeley comes in through the importer.
    dataDir = await initDataDir(root, (l) => columnOf(l, header, 'CITY') === 'SAN FRANCISCO');
  });
  after(() => removeDir(root));

  it('imports an OpenAddresses file with extra columns, and skips rows it already has', async () => {
    const file = join(root, 'berkeley.csv');
    writeFileSync(file, [header, ...berkeley].join('\r\n') + '\r\n');
    const before = count(dataDir);
    const progress: number[] = [];
    const report = await importAddresses({ dataDir, csvPath: file, onProgress: (done, total) => progress.push(done / total) });
    assert.deepEqual(report, { imported: berkeley.length, rejected: 0, duplicates: 0, firstReasons: [] });
    assert.equal(count(dataDir), before + berkeley.length);
    assert.equal(count(dataDir, "city = 'BERKELEY'"), berkeley.length);
    assert.equal(progress.at(-1), 1);

    const again = await importAddresses({ dataDir, csvPath: file });
    assert.deepEqual(again, { imported: 0, rejected: 0, duplicates: berkeley.length, firstReasons: [] });
    assert.equal(count(dataDir), before + berkeley.length);
  });

  it('stores the Pub 28 form of county type codes and zero-padded numbered streets', () => {
    assert.equal(count(dataDir, "name = '9TH' AND suffix = 'ST'") > 0, true);
    assert.equal(count(dataDir, "name = '09TH'"), 0);
    assert.equal(count(dataDir, "suffix IN ('AV', 'BL', 'TR', 'TE', 'PZ', 'WY')"), 0);
  });

  it("keeps a house number's letter or fraction, in NUMBER or in the shipped NUMBER_SUFFIX column", async () => {
    assert.equal(count(dataDir, "number = '769A' AND name = 'TEHAMA'"), 1, 'NUMBER_SUFFIX of the shipped file');
    assert.equal(count(dataDir, "number LIKE '% 1/2'") > 0, true, 'Berkeley 1/2');
    const file = join(root, 'letters.csv');
    writeFileSync(
      file,
      `${HEADER}\n-122.27,37.87,14 B,ASH ST,,BERKELEY,Alameda,CA,94709,L:1,l1\n-122.27,37.87,16-c,ASH ST,,BERKELEY,Alameda,CA,94709,L:2,l2\n`,
    );
    assert.equal((await importAddresses({ dataDir, csvPath: file })).imported, 2);
    assert.equal(count(dataDir, "name = 'ASH' AND number IN ('14B', '16C')"), 2);
  });

  it('rejects malformed rows with reasons and imports the good ones', async () => {
    const file = join(root, 'mixed.csv');
    const rows = [
      '-122.27,37.87,1,"CEDAR ST, REAR",,BERKELEY,Alameda,CA,94709,T:1,t1',
      '-122.27,37.87,2,CEDAR ST,"APT ""B""",BERKELEY,Alameda,CA,94709,T:2,t2',
      '-122.27,37.87,3,CEDAR ST,,,Alameda,,94709,T:3,t3', // city and state from the ZIP reference
      '-122.27,37.87,,CEDAR ST,,BERKELEY,Alameda,CA,94709,T:4,t4',
      '-122.27,37.87,5,,,BERKELEY,Alameda,CA,94709,T:5,t5',
      '-122.27,37.87,6,CEDAR ST,,BERKELEY,Alameda,CA,9470,T:6,t6',
      'west,37.87,7,CEDAR ST,,BERKELEY,Alameda,CA,94709,T:7,t7',
      '-122.27,37.87,8,CEDAR ST,,BERKELEY,Alameda,CA,94709,T:8',
      '-122.27,,9,CEDAR ST,,BERKELEY,Alameda,CA,94709,T:9,t9',
      '-122.27,37.87,10,CEDAR ST,,BERKELEY,Alameda,CA,94709,T:10,t10',
    ];
    writeFileSync(file, [HEADER, ...rows].join('\n'));
    const report = await importAddresses({ dataDir, csvPath: file });
    assert.equal(report.imported, 4);
    assert.equal(report.rejected, 6);
    assert.deepEqual(report.firstReasons, [
      'line 5: missing or bad house number ""',
      'line 6: missing street',
      'line 7: bad postcode "9470"',
      'line 8: bad LON "west"',
      'line 9: 10 fields, expected 11',
    ]);
    assert.equal(count(dataDir, "name = 'CEDAR' AND number = '3' AND city = 'BERKELEY' AND state = 'CA'"), 1);
    assert.equal(count(dataDir, "name = 'CEDAR' AND number = '2' AND unit = 'B' AND unit_designator = 'APT'"), 1);
  });

  it('refuses a file without the OpenAddresses header and imports nothing', async () => {
    const file = join(root, 'bad-header.csv');
    writeFileSync(file, 'lon,lat,number,street,city,zip\n-122.27,37.87,1,ASH ST,BERKELEY,94709\n');
    const before = count(dataDir);
    await assert.rejects(importAddresses({ dataDir, csvPath: file }), /header lacks UNIT, DISTRICT, REGION, POSTCODE, ID, HASH/);
    assert.equal(count(dataDir), before);
    await assert.rejects(importAddresses({ dataDir, csvPath: join(root, 'missing.csv') }), /not found/);
    await assert.rejects(importAddresses({ dataDir: join(root, 'nowhere'), csvPath: file }), /run vault init first/);
  });

  it('a running vault sees newly imported addresses within a second', async () => {
    let clock = Date.parse('2026-11-24T10:00:00Z');
    const services = openSupportServices({ dataDir, now: () => new Date(clock) });
    try {
      const query = { street: '77 Quince Lane', city: 'Berkeley', state: 'CA', zip: '94709' };
      assert.equal(services.amsMatch(query).status, 'not_found');
      const file = join(root, 'quince.csv');
      writeFileSync(file, `${HEADER}\n-122.27,37.87,77,QUINCE LN,,BERKELEY,Alameda,CA,94709,Q:77,q77\n`);
      await importAddresses({ dataDir, csvPath: file });
      clock += 1000;
      const answer = services.amsMatch(query);
      assert.equal(answer.status, 'corrected');
      assert.deepEqual(answer.candidates[0]?.address, { street: '77 QUINCE LN', secondary: '', city: 'BERKELEY', state: 'CA', zip: '94709' });
    } finally {
      services.close();
    }
  });

  it('the CLI command imports with a report, and explains usage errors', async () => {
    const file = join(root, 'cli.csv');
    writeFileSync(file, `${HEADER}\n-122.27,37.87,1,WALNUT ST,,BERKELEY,Alameda,CA,94709,C:1,c1\n-122.27,37.87,x,WALNUT ST,,BERKELEY,Alameda,CA,94709,C:2,c2\n`);
    const badFile = join(root, 'cli-bad.csv');
    writeFileSync(badFile, 'NUMBER,STREET\n1,ASH ST\n');
    const [ok, usage, help, bad] = await Promise.all([
      runCli(['--data', dataDir, file]),
      runCli(['--data', dataDir]),
      runCli(['--help']),
      runCli(['--data', dataDir, badFile]),
    ]);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /imported 1 address\(es\), skipped 0 already present, rejected 1/);
    assert.match(ok.out, /rejected line 3: missing or bad house number "x"/);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /give exactly one CSV file/);
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: pnpm vault import-addresses --data DIR FILE.csv/);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /not an OpenAddresses CSV/);
  });
});

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { damagedAddressSet, importAddresses, listAddresses, openSupportServices } from '../../src/services/index.ts';
import { assertQuality, columnOf, initDataDir, matchQuality, openAddressesCsv, removeDir, shippedAddressLines, tempDir } from './support-fixture.ts';

describe('address matching on regions imported after init', () => {
  let root: string;
  before(() => {
    root = tempDir('ams-region');
  });
  after(() => removeDir(root));

  it('finds the right San Francisco and Berkeley address first for ≥ 95 % of damaged addresses', async () => {
    // Init knows only Oakland; San Francisco and Berkeley arrive later as plain OpenAddresses files.
    const { header } = shippedAddressLines();
    const dataDir = await initDataDir(root, (l) => columnOf(l, header, 'CITY') === 'OAKLAND');
    let imported = 0;
    for (const city of ['SAN FRANCISCO', 'BERKELEY']) {
      const csvPath = join(root, `${city.toLowerCase().replace(' ', '-')}.csv`);
      writeFileSync(csvPath, openAddressesCsv(city));
      const report = await importAddresses({ dataDir, csvPath });
      assert.equal(report.rejected, 0, report.firstReasons.join('; '));
      imported += report.imported;
    }

    const regions = listAddresses(dataDir).filter((a) => a.city === 'SAN FRANCISCO' || a.city === 'BERKELEY');
    assert.equal(regions.length, imported);
    assert.ok(regions.some((a) => /^[0-9]+[A-Z] /.test(a.street)), 'house numbers keep their letter (769A)');
    const set = damagedAddressSet(regions, 2000, 94704);
    const services = openSupportServices({ dataDir });
    try {
      assertQuality('San Francisco and Berkeley, imported later', matchQuality(services, set), set.length);
    } finally {
      services.close();
    }
  });
});

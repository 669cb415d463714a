import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { damagedAddressSet, importAddresses, listAddresses, openSupportServices } from '../../src/services/index.ts';
import { columnOf, firstCandidateRate, initDataDir, removeDir, shippedAddressLines, tempDir } from './support-fixture.ts';

describe('address matching on a region imported after init', () => {
  let root: string;
  before(() => {
    root = tempDir('ams-region');
  });
  after(() => removeDir(root));

  it('finds the right Berkeley address first for ≥ 95 % of damaged addresses', async () => {
    const { header, lines } = shippedAddressLines();
    const city = (l: string) => columnOf(l, header, 'CITY');
    const dataDir = await initDataDir(root, (l) => city(l) === 'SAN FRANCISCO' || city(l) === 'OAKLAND');
    const csvPath = join(root, 'berkeley.csv');
    writeFileSync(csvPath, [header, ...lines.filter((l) => city(l) === 'BERKELEY')].join('\n'));
    const report = await importAddresses({ dataDir, csvPath });
    assert.ok(report.imported > 700);

    const berkeley = listAddresses(dataDir).filter((a) => a.city === 'BERKELEY');
    assert.equal(berkeley.length, report.imported);
    const set = damagedAddressSet(berkeley, 1000, 94704);
    const services = openSupportServices({ dataDir });
    try {
      const rate = firstCandidateRate(services, set);
      console.log(`ams quality: ${(rate * 100).toFixed(1)}% first-candidate on ${set.length} damaged addresses (Berkeley, imported later)`);
      assert.ok(rate >= 0.95, `first-candidate rate ${rate}`);
    } finally {
      services.close();
    }
  });
});

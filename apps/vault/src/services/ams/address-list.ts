/** The stored addresses in answer form (`{street, secondary, city, state, zip}`), e.g. as input
 * for `damagedAddressSet` in tests and the benchmark. */
import type { AmsAddress } from '@vbi/protocol';
import { openSupportDb } from '../db/support-db.ts';
import { formatStreet, formatUnit } from './standardize.ts';

export function listAddresses(dataDir: string): AmsAddress[] {
  const db = openSupportDb(dataDir);
  try {
    const rows = db
      .prepare('SELECT number, predir, name, suffix, postdir, unit_designator, unit, city, state, zip FROM addresses ORDER BY id')
      .all() as Array<{
      number: string;
      predir: string;
      name: string;
      suffix: string;
      postdir: string;
      unit_designator: string;
      unit: string;
      city: string;
      state: string;
      zip: string;
    }>;
    return rows.map((r) => ({
      street: `${r.number} ${formatStreet(r)}`,
      secondary: r.unit === '' && r.unit_designator === '' ? '' : formatUnit({ designator: r.unit_designator, value: r.unit }),
      city: r.city,
      state: r.state,
      zip: r.zip,
    }));
  } finally {
    db.close();
  }
}

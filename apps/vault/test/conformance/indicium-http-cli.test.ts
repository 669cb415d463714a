/**
 * Conformance to SPEC §5–§7 and the refund window, written from SPEC.md alone: indicium bytes
 * and certificates, HTTP, operator commands. One vault for the file, started with
 * `--refund-window-days 0` (nothing else here depends on the window) in a time zone other than UTC.
 */
import { useVault } from './fixture.ts';
import { cliTests } from './suites/cli.ts';
import { indiciumTests } from './suites/indicium.ts';
import { refundWindowTests } from './suites/refund-window.ts';

/** A zone whose date differs from UTC's at this hour, so the mailDate window shows which zone the vault uses. */
const zone = new Date().getUTCHours() >= 10 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
const fx = useVault({ startArgs: ['--refund-window-days', '0', '--time-zone', zone] });
indiciumTests(fx);
refundWindowTests(fx);
cliTests(fx);

/** @jsxRuntime automatic @jsxImportSource react */
/** Advanced / Meter details: the registers to the mill, the control total, the meter and the postage service, folded away. */
import type { AppStatus } from '../../shared/contract.ts';
import { Facts } from './Facts.tsx';
import { Money } from './Money.tsx';

export function MeterDetails({ status }: { status: AppStatus }) {
  const { ar, dr } = status.registers ?? { ar: 0, dr: 0 };
  return (
    <details className="card details">
      <summary>Advanced / Meter details</summary>
      <section aria-label="Meter registers">
        <Facts
          facts={[
            { label: 'Descending register (postage available, to the mill)', value: <Money mills={dr} exact />, testId: 'dr-exact' },
            { label: 'Ascending register (postage used)', value: <Money mills={ar} exact />, testId: 'ar' },
            { label: 'Control total (ascending + descending)', value: <Money mills={ar + dr} exact />, testId: 'control' },
            { label: 'Pieces printed', value: status.pieces, testId: 'pieces' },
            { label: 'Meter', value: status.deviceId },
            { label: 'Licensing ZIP', value: status.licenseZip },
            { label: 'Postage service (vault)', value: <code>{status.vaultUrl}</code> },
          ]}
        />
      </section>
    </details>
  );
}

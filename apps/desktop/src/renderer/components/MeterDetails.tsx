/** @jsxRuntime automatic @jsxImportSource react */
/** Advanced / Meter details: the registers to the mill, the control total, the meter and the postage service, folded away. */
import type { AppStatus } from '../../shared/contract.ts';
import { Money } from './Money.tsx';

export function MeterDetails({ status }: { status: AppStatus }) {
  const { ar, dr } = status.registers ?? { ar: 0, dr: 0 };
  return (
    <details className="card details">
      <summary>Advanced / Meter details</summary>
      <section aria-label="Meter registers">
        <dl className="facts">
          <div>
            <dt>Descending register (postage available, to the mill)</dt>
            <dd data-testid="dr-exact">
              <Money mills={dr} exact />
            </dd>
          </div>
          <div>
            <dt>Ascending register (postage used)</dt>
            <dd data-testid="ar">
              <Money mills={ar} exact />
            </dd>
          </div>
          <div>
            <dt>Control total (ascending + descending)</dt>
            <dd data-testid="control">
              <Money mills={ar + dr} exact />
            </dd>
          </div>
          <div>
            <dt>Pieces printed</dt>
            <dd data-testid="pieces">{status.pieces}</dd>
          </div>
          <div>
            <dt>Meter</dt>
            <dd className="meter-id">{status.deviceId}</dd>
          </div>
          <div>
            <dt>Licensing ZIP</dt>
            <dd>{status.licenseZip}</dd>
          </div>
          <div>
            <dt>Postage service (vault)</dt>
            <dd>
              <code>{status.vaultUrl}</code>
            </dd>
          </div>
        </dl>
      </section>
    </details>
  );
}

/** @jsxRuntime automatic @jsxImportSource react */
/** The receipt of one postage purchase: shown in the window, printed on its own (print CSS hides the rest). */
import { useEffect, useRef } from 'react';
import type { AppStatus, Purchase } from '../../shared/contract.ts';
import { Money } from './Money.tsx';

export function Receipt({ purchase: p, status, onClose }: { purchase: Purchase; status: AppStatus; onClose(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [p.id]);
  const number = `P-${String(p.id).padStart(5, '0')}`;
  return (
    <section className="card receipt" role="region" aria-labelledby="receipt-h">
      <h2 id="receipt-h" tabIndex={-1} ref={heading}>
        Receipt {number}
      </h2>
      <p>VBI Meter — postage purchase</p>
      <dl className="facts">
        <div>
          <dt>Date</dt>
          <dd>{new Date(p.at).toLocaleString()}</dd>
        </div>
        <div>
          <dt>Account</dt>
          <dd>{status.username}</dd>
        </div>
        <div>
          <dt>Meter</dt>
          <dd>{p.deviceId}</dd>
        </div>
        <div>
          <dt>Licensing ZIP</dt>
          <dd>{status.licenseZip}</dd>
        </div>
        <div>
          <dt>Postage bought</dt>
          <dd data-testid="receipt-amount">
            <Money mills={p.amount} />
          </dd>
        </div>
        <div>
          <dt>Account funds after</dt>
          <dd>
            <Money mills={p.fundsAfter} />
          </dd>
        </div>
        <div>
          <dt>Postage balance after</dt>
          <dd>
            <Money mills={p.balanceAfter} />
          </dd>
        </div>
      </dl>
      <p className="hint">Postage is prepaid value on your meter. Unused postage on a printed piece can be refunded from History within 30 days.</p>
      <div className="row no-print">
        <button type="button" className="primary" onClick={() => window.print()}>
          Print receipt
        </button>
        <button type="button" onClick={onClose}>
          Close receipt
        </button>
      </div>
    </section>
  );
}

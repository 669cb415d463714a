/** @jsxRuntime automatic @jsxImportSource react */
/** The receipt of one postage purchase: shown in the window, printed on its own (print CSS hides the rest). */
import { useEffect, useRef } from 'react';
import type { AppStatus, Purchase } from '../../shared/contract.ts';
import { Facts } from './Facts.tsx';
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
      <Facts
        facts={[
          { label: 'Date', value: new Date(p.at).toLocaleString() },
          { label: 'Account', value: status.username },
          { label: 'Meter', value: p.deviceId },
          { label: 'Licensing ZIP', value: status.licenseZip },
          { label: 'Postage bought', value: <Money mills={p.amount} />, testId: 'receipt-amount' },
          { label: 'Account funds after', value: <Money mills={p.fundsAfter} /> },
          { label: 'Postage balance after', value: <Money mills={p.balanceAfter} /> },
        ]}
      />
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

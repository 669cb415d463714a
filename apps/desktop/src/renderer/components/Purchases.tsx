/** @jsxRuntime automatic @jsxImportSource react */
/** Postage purchases in History, each with a receipt a business can print or file. */
import { useEffect, useState } from 'react';
import type { Purchase } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';
import { Money } from './Money.tsx';
import { Receipt } from './Receipt.tsx';

export function Purchases() {
  const bridge = useApp((s) => s.bridge);
  const status = useApp((s) => s.status);
  const [purchases, setPurchases] = useState<Purchase[]>([]);
  const [open, setOpen] = useState<Purchase | null>(null);
  useEffect(() => {
    bridge.purchases({}).then(setPurchases, () => setPurchases([]));
  }, [bridge, status?.funds]);
  return (
    <section className="card" aria-labelledby="purchases-h">
      <h2 id="purchases-h">Postage purchases</h2>
      {purchases.length === 0 ? (
        <p>No purchases yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Postage bought for this meter</caption>
            <thead>
              <tr>
                <th scope="col">Receipt</th>
                <th scope="col">Date</th>
                <th scope="col">Amount</th>
                <th scope="col">Postage balance after</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {purchases.map((p) => (
                <tr key={p.id}>
                  <td>P-{String(p.id).padStart(5, '0')}</td>
                  <td>{new Date(p.at).toLocaleString()}</td>
                  <td>
                    <Money mills={p.amount} />
                  </td>
                  <td>
                    <Money mills={p.balanceAfter} />
                  </td>
                  <td>
                    <button type="button" onClick={() => setOpen(p)}>
                      Receipt <span className="sr-only">P-{String(p.id).padStart(5, '0')}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && status ? <Receipt purchase={open} status={status} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

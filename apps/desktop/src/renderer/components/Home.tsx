/** @jsxRuntime automatic @jsxImportSource react */
/** Home: one clear postage balance, the account funds it is bought from, buying postage, and the meter's details for those who need them. */
import { useState } from 'react';
import { useApp } from '../store/context.tsx';
import { valueOpsAvailable } from '../store/value-ops.ts';
import { Field } from './Field.tsx';
import { MeterDetails } from './MeterDetails.tsx';
import { dollars, Money, parseCents } from './Money.tsx';

const PRESETS = [10_000, 20_000, 50_000, 100_000];

export function Home() {
  const status = useApp((s) => s.status);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const [custom, setCustom] = useState('');
  const [customError, setCustomError] = useState<string | null>(null);
  if (!status?.registers) return null;
  const { dr } = status.registers;
  const blocked = !valueOpsAvailable(status);
  const buy = (amountMills: number) => run(`Buying ${dollars(amountMills)} of postage`, (b) => b.buyPostage({ amountMills }), () => `Added ${dollars(amountMills)} of postage.`);

  return (
    <main>
      <h1>Home</h1>
      <section className="card balance" aria-labelledby="balance-h">
        <h2 id="balance-h" className="caption">
          Postage balance
        </h2>
        <span className="amount" data-testid="dr">
          <Money mills={dr} />
        </span>
        <p className="hint">What you can print now. Each piece takes its postage from this balance.</p>
        <p data-testid="funds">
          Account funds: {status.funds === null ? <span className="hint">shown after your first purchase</span> : <Money mills={status.funds} />}
        </p>
        <p className="hint">Account funds are the money in your VBI account. Buying postage moves an amount from your funds onto this meter’s balance.</p>
      </section>
      {status.role === 'clerk' ? (
        <section className="card" aria-labelledby="buy-h">
          <h2 id="buy-h">Buying postage</h2>
          <p data-testid="clerk-no-buy">Buying postage and refunds are for this account’s admins. You can print with the balance above; when it runs low, ask an admin to buy more.</p>
        </section>
      ) : (
      <section className="card" aria-labelledby="buy-h">
        <h2 id="buy-h">Buy postage</h2>
        <div className="row presets">
          {PRESETS.map((m) => (
            <button key={m} type="button" disabled={blocked || busy !== null} onClick={() => void buy(m)}>
              {dollars(m)}
            </button>
          ))}
        </div>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            const m = parseCents(custom);
            if (m === null || m < 10) {
              setCustomError('Enter an amount in dollars and cents above zero, for example 25 or 25.50.');
              return;
            }
            setCustomError(null);
            void buy(m);
          }}
        >
          <Field label="Other amount (dollars)" inputMode="decimal" value={custom} onChange={(e) => setCustom(e.target.value)} hint={customError ?? undefined} />
          <button type="submit" disabled={blocked || busy !== null}>
            Buy
          </button>
        </form>
      </section>
      )}
      <MeterDetails status={status} />
    </main>
  );
}

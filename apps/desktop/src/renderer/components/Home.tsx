/** @jsxRuntime automatic @jsxImportSource react */
/** Home: the registers, large and clear, and buying postage. */
import { useState } from 'react';
import { parseDollars } from '@vbi/protocol';
import { useApp } from '../store/context.tsx';
import { valueOpsAvailable } from '../store/value-ops.ts';
import { Field } from './Field.tsx';
import { dollars, Money } from './Money.tsx';

const PRESETS = [10_000, 20_000, 50_000, 100_000];

export function Home() {
  const status = useApp((s) => s.status);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const [custom, setCustom] = useState('');
  const [customError, setCustomError] = useState<string | null>(null);
  if (!status?.registers) return null;
  const { ar, dr } = status.registers;
  const blocked = !valueOpsAvailable(status);
  const buy = (amountMills: number) => run(`Buying ${dollars(amountMills)} of postage`, (b) => b.buyPostage({ amountMills }), () => `Added ${dollars(amountMills)} of postage.`);

  return (
    <main>
      <h1>Home</h1>
      <section className="card registers" aria-label="Meter registers">
        <div className="big">
          <span className="caption">Postage available (descending register)</span>
          <span className="amount" data-testid="dr">
            <Money mills={dr} exact />
          </span>
        </div>
        <dl>
          <div>
            <dt>Postage used (ascending register)</dt>
            <dd data-testid="ar">
              <Money mills={ar} exact />
            </dd>
          </div>
          <div>
            <dt>Control total</dt>
            <dd data-testid="control">
              <Money mills={ar + dr} exact />
            </dd>
          </div>
          <div>
            <dt>Pieces printed</dt>
            <dd data-testid="pieces">{status.pieces}</dd>
          </div>
          <div>
            <dt>Account funds</dt>
            <dd>{status.funds === null ? 'shown after a purchase' : <Money mills={status.funds} />}</dd>
          </div>
          <div>
            <dt>Meter</dt>
            <dd className="meter-id">
              {status.deviceId} · ZIP {status.licenseZip}
            </dd>
          </div>
        </dl>
      </section>
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
            try {
              const m = parseDollars(custom);
              if (m < 1) throw new Error('Enter an amount above zero.');
              setCustomError(null);
              void buy(m);
            } catch (err) {
              setCustomError((err as Error).message);
            }
          }}
        >
          <Field label="Other amount (dollars)" inputMode="decimal" value={custom} onChange={(e) => setCustom(e.target.value)} hint={customError ?? undefined} />
          <button type="submit" disabled={blocked || busy !== null}>
            Buy
          </button>
        </form>
      </section>
    </main>
  );
}

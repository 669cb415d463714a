/** @jsxRuntime automatic @jsxImportSource react */
/** Settings → Change passphrase: the current one, the new one twice. After an admin's reset it is the only thing the app offers. */
import { useState } from 'react';
import { useApp } from '../store/context.tsx';
import { passphraseStrength } from '../store/passphrase-strength.ts';
import { Field } from './Field.tsx';

export function ChangePassphrase() {
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const forced = useApp((s) => s.status?.mustChangePassphrase ?? false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = again !== '' && again !== next;
  const strength = passphraseStrength(next);
  return (
    <section className="card" aria-labelledby="change-h">
      <h2 id="change-h">Change passphrase</h2>
      {forced ? (
        <p className="warn-text">An admin reset your passphrase. Choose your own now: nothing else can be done until you have.</p>
      ) : (
        <p className="hint">Your new passphrase may not be one of your last 5. This computer’s key is sealed again under the new one.</p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (mismatch) return;
          void run('Changing your passphrase', (b) => b.changePassphrase({ current, next }), () => 'Your passphrase is changed. Use the new one from now on.').then((r) => {
            if (r) {
              setCurrent('');
              setNext('');
              setAgain('');
            }
          });
        }}
      >
        <Field label={forced ? 'Passphrase you were given' : 'Current passphrase'} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        <Field
          label="New passphrase"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          value={next}
          onChange={(e) => setNext(e.target.value)}
          hint={next ? `Strength: ${strength.label}` : 'At least 10 characters; a few unrelated words are easy to remember.'}
        />
        <Field label="New passphrase again" type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} hint={mismatch ? 'The two new passphrases differ.' : undefined} />
        <button type="submit" className="primary" disabled={busy !== null || mismatch || strength.score === 0}>
          Change passphrase
        </button>
      </form>
    </section>
  );
}

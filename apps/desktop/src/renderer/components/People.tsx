/** @jsxRuntime automatic @jsxImportSource react */
/** Settings → People (admins): who is on the account, adding a clerk or an admin, removing someone, resetting a passphrase. */
import { useCallback, useEffect, useState } from 'react';
import type { People as PeopleList } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';
import { Field } from './Field.tsx';

const ROLE_WORDS = { admin: 'Admin: prints, buys postage, refunds, manages people', clerk: 'Clerk: prints only' } as const;

export function People() {
  const bridge = useApp((s) => s.bridge);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const [list, setList] = useState<PeopleList | null>(null);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<'admin' | 'clerk'>('clerk');
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [resetTo, setResetTo] = useState('');
  const reload = useCallback(() => void bridge.people({}).then(setList, () => setList(null)), [bridge]);
  useEffect(reload, [reload]);
  const mismatch = again !== '' && again !== passphrase;
  const apply = (r: PeopleList | undefined) => {
    if (r) setList(r);
    return r;
  };

  return (
    <section className="card" aria-labelledby="people-h">
      <h2 id="people-h">People</h2>
      <p className="hint">Everyone here signs in with their own username and passphrase on this meter. Clerks print; admins also buy postage, refund and manage people.</p>
      {list === null ? (
        <p>Loading…</p>
      ) : (
        <ul className="people" aria-label="People on this account">
          {list.users.map((p) => (
            <li key={p.username} className="row">
              <span>
                <strong>{p.username}</strong> · {p.role === 'admin' ? 'Admin' : 'Clerk'}
                {p.owner ? ' · owner' : ''}
                {p.username.toLowerCase() === list.me.username.toLowerCase() ? ' (you)' : ''}
              </span>
              {!p.owner && p.username.toLowerCase() !== list.me.username.toLowerCase() ? (
                <>
                  <button type="button" disabled={busy !== null} onClick={() => setResetFor(p.username)}>
                    Reset passphrase <span className="sr-only">of {p.username}</span>
                  </button>
                  <button
                    type="button"
                    disabled={busy !== null}
                    onClick={() => {
                      if (window.confirm(`Remove ${p.username} from this account? They can no longer sign in.`)) {
                        void run(`Removing ${p.username}`, (b) => b.removePerson({ username: p.username }), () => `${p.username} was removed.`).then(apply);
                      }
                    }}
                  >
                    Remove <span className="sr-only">{p.username}</span>
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {resetFor ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void run(`Resetting ${resetFor}'s passphrase`, (b) => b.resetPassphrase({ username: resetFor, passphrase: resetTo }), () => `Tell ${resetFor} the new passphrase. They choose their own when they next sign in.`).then((r) => {
              if (apply(r)) {
                setResetFor(null);
                setResetTo('');
              }
            });
          }}
        >
          <Field label={`New passphrase for ${resetFor}`} type="password" autoComplete="new-password" required minLength={10} value={resetTo} onChange={(e) => setResetTo(e.target.value)} />
          <button type="submit" disabled={busy !== null}>
            Reset
          </button>
          <button type="button" className="link" onClick={() => setResetFor(null)}>
            Cancel
          </button>
        </form>
      ) : null}
      <h3>Add a person</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (mismatch) return;
          void run(`Adding ${username}`, (b) => b.addPerson({ username, role, passphrase }), () => `${username} can now sign in on this computer.`).then((r) => {
            if (apply(r)) {
              setUsername('');
              setPassphrase('');
              setAgain('');
            }
          });
        }}
      >
        <Field label="Their username" autoComplete="off" required minLength={3} maxLength={64} value={username} onChange={(e) => setUsername(e.target.value)} />
        <fieldset className="row">
          <legend>Role</legend>
          {(['clerk', 'admin'] as const).map((r) => (
            <label key={r}>
              <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} /> {ROLE_WORDS[r]}
            </label>
          ))}
        </fieldset>
        <Field label="Their passphrase" type="password" autoComplete="new-password" required minLength={10} value={passphrase} onChange={(e) => setPassphrase(e.target.value)} hint="Tell them in person; they can change it under Settings." />
        <Field label="Their passphrase again" type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} hint={mismatch ? 'The two passphrases differ.' : undefined} />
        <button type="submit" className="primary" disabled={busy !== null || mismatch}>
          Add person
        </button>
      </form>
    </section>
  );
}

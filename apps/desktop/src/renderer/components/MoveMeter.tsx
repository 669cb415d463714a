/** @jsxRuntime automatic @jsxImportSource react */
/** On the sign-in screen: "Move my meter to this computer" (an admin, when the old computer is gone or its key unusable). */
import { useState } from 'react';
import { useApp } from '../store/context.tsx';
import { Field } from './Field.tsx';

export function MoveMeter() {
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const online = useApp((s) => s.status?.online ?? false);
  const [username, setUsername] = useState('');
  const [passphrase, setPassphrase] = useState('');
  // The form exists only while unfolded, so the sign-in form's "Username" stays the one field of that name.
  const [open, setOpen] = useState(false);
  return (
    <details className="card details" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Move my meter to this computer</summary>
      <p className="hint">
        For an admin of an account whose meter was set up on another computer (or whose old computer is gone). Your postage, funds and pieces stay; the old computer
        can no longer use the meter. Forgot your passphrase? An admin of your account can reset it, or, for the account’s owner, the postage service.
      </p>
      {open ? (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run('Moving your meter to this computer', (b) => b.transfer({ username, passphrase }));
        }}
      >
        <Field label="Your username" autoComplete="username" required minLength={3} maxLength={64} value={username} onChange={(e) => setUsername(e.target.value)} />
        <Field label="Your passphrase" type="password" autoComplete="current-password" required value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        <button type="submit" disabled={busy !== null || !online}>
          Move meter here
        </button>
      </form>
      ) : null}
    </details>
  );
}

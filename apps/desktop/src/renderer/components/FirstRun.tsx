/** @jsxRuntime automatic @jsxImportSource react */
/** First run and sign-in: the vault address, create an account, or sign in. */
import { useState, type FormEvent } from 'react';
import { useApp } from '../store/context.tsx';
import { passphraseStrength } from '../store/passphrase-strength.ts';
import { Field } from './Field.tsx';

export function FirstRun() {
  const status = useApp((s) => s.status);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const [mode, setMode] = useState<'create' | 'signin'>(status && status.knownUsers.length > 0 ? 'signin' : 'create');
  const [vaultUrl, setVaultUrl] = useState(status?.vaultUrl ?? '');
  const [username, setUsername] = useState(status?.knownUsers[0] ?? '');
  const [licenseZip, setLicenseZip] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const strength = passphraseStrength(passphrase);
  const mismatch = mode === 'create' && confirm !== '' && confirm !== passphrase;
  const lockedOut = status?.problem?.code === 'LOCKED_OUT';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'create') {
      if (passphrase !== confirm) return;
      await run('Creating your account', (b) => b.register({ username, licenseZip, passphrase }));
    } else {
      await run('Signing in', (b) => b.login({ username, passphrase }));
    }
    setPassphrase('');
    setConfirm('');
  };

  return (
    <main className="first-run">
      <h1>Welcome to VBI Meter</h1>
      <section className="card" aria-labelledby="vault-h">
        <h2 id="vault-h">Vault</h2>
        <p role="status">
          {status?.online ? 'Connected to' : 'Not connected to'} <code>{status?.vaultUrl}</code>
        </p>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void run('Connecting to the vault', (b) => b.connect({ vaultUrl }));
          }}
        >
          <Field label="Vault address" value={vaultUrl} onChange={(e) => setVaultUrl(e.target.value)} />
          <button type="submit" disabled={busy !== null}>
            Connect
          </button>
        </form>
      </section>
      <section className="card" aria-labelledby="account-h">
        <h2 id="account-h">{mode === 'create' ? 'Create an account' : 'Sign in'}</h2>
        <div className="tabs" role="group" aria-label="Account">
          <button type="button" aria-pressed={mode === 'create'} onClick={() => setMode('create')}>
            Create account
          </button>
          <button type="button" aria-pressed={mode === 'signin'} onClick={() => setMode('signin')}>
            Sign in
          </button>
        </div>
        <form onSubmit={(e) => void submit(e)}>
          <Field label="Username" autoComplete="username" required minLength={3} maxLength={64} value={username} onChange={(e) => setUsername(e.target.value)} />
          {mode === 'create' ? (
            <Field label="Licensing ZIP code" inputMode="numeric" required pattern="[0-9]{5}" maxLength={5} value={licenseZip} onChange={(e) => setLicenseZip(e.target.value)} hint="The 5-digit ZIP of the post office where you mail." />
          ) : null}
          <Field
            label="Passphrase"
            type="password"
            autoComplete={mode === 'create' ? 'new-password' : 'current-password'}
            required
            minLength={10}
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            hint={
              mode === 'create' ? (
                <span className={`strength s${strength.score}`}>
                  <meter min={0} max={3} value={strength.score} aria-label="Passphrase strength" /> {strength.label}
                </span>
              ) : undefined
            }
          />
          {mode === 'create' ? (
            <Field label="Passphrase again" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} hint={mismatch ? 'The two passphrases differ.' : undefined} />
          ) : null}
          {mode === 'signin' && lockedOut ? (
            <p className="warn-text">
              Locked out: the vault refuses every sign-in to this meter, the right passphrase included, until the 15 minutes are over.
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={busy !== null || mismatch || (mode === 'create' && strength.score === 0)}>
            {mode === 'create' ? 'Create account' : 'Sign in'}
          </button>
        </form>
      </section>
    </main>
  );
}

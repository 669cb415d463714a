/** @jsxRuntime automatic @jsxImportSource react */
/** First run and sign-in: create an account or sign in; the postage service's address under Advanced. */
import { useEffect, useState, type FormEvent } from 'react';
import type { ZipInfo } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';
import { passphraseStrength } from '../store/passphrase-strength.ts';
import { Field } from './Field.tsx';
import { MoveMeter } from './MoveMeter.tsx';

const ZIP5 = /^[0-9]{5}$/;

export function FirstRun() {
  const status = useApp((s) => s.status);
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const bridge = useApp((s) => s.bridge);
  const error = useApp((s) => s.error);
  const dismiss = useApp((s) => s.dismiss);
  const lastUser = useApp((s) => s.lastUser);
  const setSignInName = useApp((s) => s.setSignInName);
  const [mode, setMode] = useState<'create' | 'signin'>(status && status.knownUsers.length > 0 ? 'signin' : 'create');
  const [vaultUrl, setVaultUrl] = useState(status?.vaultUrl ?? '');
  const [username, setUsernameState] = useState(lastUser ?? status?.knownUsers[0] ?? '');
  const [licenseZip, setLicenseZip] = useState('');
  const [zipInfo, setZipInfo] = useState<ZipInfo | null | 'unknown'>(null);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const strength = passphraseStrength(passphrase);
  const mismatch = mode === 'create' && confirm !== '' && confirm !== passphrase;
  const problem = status?.problem;
  const lockedOut = problem?.code === 'LOCKED_OUT' && (!problem.username || problem.username.toLowerCase() === username.trim().toLowerCase());
  const zipOk = ZIP5.test(licenseZip) && zipInfo !== 'unknown';

  useEffect(() => setSignInName(username), [username, setSignInName]);

  // The licensing ZIP is looked up as it is typed: the person sees the post office's city, or that it is no US ZIP.
  useEffect(() => {
    setZipInfo(null);
    if (!ZIP5.test(licenseZip) || !status?.online) return;
    let live = true;
    bridge.lookupZip({ zip: licenseZip }).then(
      (info) => live && setZipInfo(info ?? 'unknown'),
      () => live && setZipInfo(null),
    );
    return () => {
      live = false;
    };
  }, [bridge, licenseZip, status?.online]);

  /** Typing again means the last refusal no longer applies. */
  const edit = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    if (error) dismiss();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'create') {
      if (passphrase !== confirm || !zipOk) return;
      await run('Creating your account', (b) => b.register({ username, licenseZip, passphrase }));
    } else {
      await run('Signing in', (b) => b.login({ username, passphrase }));
    }
    // On a refusal both passphrases stay, so fixing the one field that was wrong is enough.
  };

  const zipHint =
    licenseZip !== '' && !ZIP5.test(licenseZip)
      ? 'A ZIP code is 5 digits.'
      : zipInfo === 'unknown'
        ? `ZIP ${licenseZip} is not a US ZIP code.`
        : zipInfo
          ? `Post office: ${zipInfo.city}, ${zipInfo.state}.`
          : 'The 5-digit ZIP of the post office where you mail.';

  return (
    <main className="first-run">
      <h1>Welcome to VBI Meter</h1>
      <p role="status" className={status?.online ? 'ok-text' : 'warn-text'}>
        {status?.online ? 'Connected to the postage service.' : 'Not connected: the postage service cannot be reached right now.'}
      </p>
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
          <Field label="Username" autoComplete="username" required minLength={3} maxLength={64} value={username} onChange={edit(setUsernameState)} />
          {mode === 'create' ? (
            <Field label="Licensing ZIP code" inputMode="numeric" required pattern="[0-9]{5}" maxLength={5} value={licenseZip} onChange={edit(setLicenseZip)} hint={zipHint} />
          ) : null}
          <Field
            label="Passphrase"
            type="password"
            autoComplete={mode === 'create' ? 'new-password' : 'current-password'}
            required
            minLength={10}
            value={passphrase}
            onChange={edit(setPassphrase)}
            hint={
              mode === 'create' ? (
                <span className={`strength s${strength.score}`}>
                  <meter min={0} max={3} value={strength.score} aria-label="Passphrase strength" /> {strength.label}
                </span>
              ) : undefined
            }
          />
          {mode === 'create' ? (
            <Field label="Passphrase again" type="password" autoComplete="new-password" required value={confirm} onChange={edit(setConfirm)} hint={mismatch ? 'The two passphrases differ.' : undefined} />
          ) : null}
          {mode === 'signin' && lockedOut ? (
            <p className="warn-text">Locked out: the vault refuses every sign-in to this meter, the right passphrase included, until the 15 minutes are over.</p>
          ) : null}
          <button type="submit" className="primary" disabled={busy !== null || mismatch || (mode === 'create' && (strength.score === 0 || !zipOk))}>
            {mode === 'create' ? 'Create account' : 'Sign in'}
          </button>
        </form>
      </section>
      <MoveMeter />
      <details className="card details">
        <summary>Advanced</summary>
        <p className="hint">The postage service (vault) this app works with. Change it only if your provider gives you another address.</p>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void run('Connecting to the postage service', (b) => b.connect({ vaultUrl }));
          }}
        >
          <Field label="Vault address" value={vaultUrl} onChange={(e) => setVaultUrl(e.target.value)} />
          <button type="submit" disabled={busy !== null}>
            Connect
          </button>
        </form>
      </details>
    </main>
  );
}

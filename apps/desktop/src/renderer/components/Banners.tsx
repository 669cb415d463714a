/** @jsxRuntime automatic @jsxImportSource react */
/** The state the person must know about: problems, a piece waiting, updates, errors, progress. */
import { useEffect, useRef } from 'react';
import { useApp } from '../store/context.tsx';
import { Money } from './Money.tsx';

const PROBLEM_TITLE: Record<string, string> = {
  OFFLINE: 'Offline',
  LOCKED_OUT: 'Locked out',
  REGISTER_MISMATCH: 'Registers do not match',
  VAULT_HALTED: 'Postage service paused',
  UNTRUSTED_VAULT: 'Postage service not trusted',
  INSECURE_VAULT: 'Connection not encrypted',
  ANSWER_REFUSED: 'Answer refused',
};

export function Banners() {
  const status = useApp((s) => s.status);
  const update = useApp((s) => s.update);
  const error = useApp((s) => s.error);
  const notice = useApp((s) => s.notice);
  const announced = useApp((s) => s.announced);
  const busy = useApp((s) => s.busy);
  const progress = useApp((s) => s.progress);
  const bridge = useApp((s) => s.bridge);
  const go = useApp((s) => s.go);
  const dismiss = useApp((s) => s.dismiss);
  const signInName = useApp((s) => s.signInName);
  const result = useRef<HTMLElement>(null);
  const problem = status?.problem;
  const pending = status?.pendingPiece;
  // A lockout is about one meter: typing another username on the sign-in screen hides it.
  const showProblem = problem && !(problem.code === 'LOCKED_OUT' && problem.username && problem.username.toLowerCase() !== signInName.trim().toLowerCase());

  // The outcome of what the person just did takes the focus and comes into view (never left on <body>).
  useEffect(() => {
    if (announced === 0) return;
    result.current?.focus();
    result.current?.scrollIntoView?.({ block: 'nearest' });
  }, [announced]);

  return (
    <div className="banners">
      {update.status === 'available' ? (
        <section className="banner info" aria-label="Update">
          <strong>Version {update.version} available.</strong> {update.notes}
          {update.progress !== null ? <progress value={update.progress} max={1} aria-label="Update download" /> : null}
          {update.canRestart ? (
            <button type="button" onClick={() => void bridge.restartToUpdate({})}>
              Restart to update
            </button>
          ) : (
            <span> {update.progress !== null ? 'Downloading…' : 'Update available.'}</span>
          )}
        </section>
      ) : null}
      {update.status === 'refused' ? (
        <section className="banner danger" role="alert" aria-label="Update refused">
          <strong>Update refused:</strong> the update feed could not be verified with the pinned release key, so
          nothing was downloaded. {update.message}
        </section>
      ) : null}
      {showProblem ? (
        <section className="banner danger" role="alert" aria-label={PROBLEM_TITLE[problem.code] ?? 'Problem'}>
          <strong>{PROBLEM_TITLE[problem.code] ?? 'Problem'}:</strong> {problem.message}
        </section>
      ) : null}
      {pending ? (
        <section className="banner warn" aria-label="Piece waiting to print">
          Piece {pending.pieceNumber} (<Money mills={pending.postage} />, {pending.addressee}) is paid for but was not printed.{' '}
          <button type="button" onClick={() => go('history')}>
            Print it now
          </button>
        </section>
      ) : null}
      {busy ? (
        <div className="banner busy" role="status">
          {progress ? progress.label : busy}…
          <progress aria-label={busy} {...(progress ? { value: progress.done, max: progress.total } : {})} />
        </div>
      ) : null}
      {/* A state the problem banner already announces (e.g. LOCKED_OUT) is not announced twice. */}
      {error && error.code !== problem?.code ? (
        <section className="banner danger" role="alert" tabIndex={-1} ref={result}>
          {error.message}{' '}
          <button type="button" className="link" onClick={dismiss}>
            Dismiss
          </button>
        </section>
      ) : null}
      {notice ? (
        <section className="banner ok" role="status" tabIndex={-1} ref={result}>
          {notice}
        </section>
      ) : null}
    </div>
  );
}

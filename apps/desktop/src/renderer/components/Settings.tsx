/** @jsxRuntime automatic @jsxImportSource react */
/** Settings: one's own passphrase, and (admins) the people of the account. */
import { useApp } from '../store/context.tsx';
import { ChangePassphrase } from './ChangePassphrase.tsx';
import { People } from './People.tsx';

export function Settings() {
  const status = useApp((s) => s.status);
  return (
    <main>
      <h1>Settings</h1>
      <ChangePassphrase />
      {status?.role === 'admin' && !status.mustChangePassphrase ? <People /> : null}
    </main>
  );
}

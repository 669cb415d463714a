/** @jsxRuntime automatic @jsxImportSource react */
/** The window: header with navigation, banners, and the current screen. */
import type { JSX } from 'react';
import { useApp } from '../store/context.tsx';
import type { Screen } from '../store/app-store.ts';
import { AddressBook } from './AddressBook.tsx';
import { Batch } from './Batch.tsx';
import { Banners } from './Banners.tsx';
import { Compose } from './Compose.tsx';
import { FirstRun } from './FirstRun.tsx';
import { History } from './History.tsx';
import { Home } from './Home.tsx';
import { PrinterSetup } from './PrinterSetup.tsx';
import { Settings } from './Settings.tsx';

const NAV: Array<[Screen, string]> = [
  ['home', 'Home'],
  ['compose', 'Compose'],
  ['batch', 'Batch printing'],
  ['history', 'History'],
  ['addresses', 'Address book'],
  ['printers', 'Printer setup'],
  ['settings', 'Settings'],
];

const SCREENS: Record<Screen, () => JSX.Element | null> = {
  home: Home,
  compose: Compose,
  batch: Batch,
  history: History,
  addresses: AddressBook,
  printers: PrinterSetup,
  settings: Settings,
};

export function App() {
  const status = useApp((s) => s.status);
  const screen = useApp((s) => s.screen);
  const go = useApp((s) => s.go);
  const run = useApp((s) => s.run);
  const signedIn = status?.signedIn ?? false;
  // After an admin reset the passphrase, choosing a new one comes before anything else (the vault refuses the rest).
  const Current = status?.mustChangePassphrase ? Settings : SCREENS[screen];
  return (
    <div className="app">
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header>
        <span className="brand">VBI Meter</span>
        {signedIn ? (
          <nav aria-label="Main">
            {NAV.map(([id, label]) => (
              <button key={id} type="button" aria-current={screen === id ? 'page' : undefined} onClick={() => go(id)}>
                {label}
              </button>
            ))}
            <button type="button" className="link" onClick={() => void run('Signing out', (b) => b.logout({}))}>
              Sign out {status?.username}
            </button>
          </nav>
        ) : null}
      </header>
      <Banners />
      <div id="content">{status === null ? <p>Starting…</p> : !signedIn ? <FirstRun /> : <Current />}</div>
    </div>
  );
}

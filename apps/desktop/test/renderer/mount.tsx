/** @jsxRuntime automatic @jsxImportSource react */
/// <reference types="node" />
/** Renders UI with a real app store over a bridge double and runs the store's start-up. */
import './dom.ts';
import { act, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { StoreApi } from 'zustand';
import { App } from '../../src/renderer/components/App.tsx';
import { createAppStore, type AppState } from '../../src/renderer/store/app-store.ts';
import { StoreProvider } from '../../src/renderer/store/context.tsx';
import type { FakeBridge } from './fake-bridge.ts';

/** `before` may set store state (screen, draft) once the start-up status is in. */
export async function mount(bridge: FakeBridge, ui: ReactElement = <App />, before?: (store: StoreApi<AppState>) => void): Promise<StoreApi<AppState>> {
  const store = createAppStore(bridge);
  await act(async () => {
    await store.getState().init();
    before?.(store);
    render(<StoreProvider store={store}>{ui}</StoreProvider>);
  });
  return store;
}

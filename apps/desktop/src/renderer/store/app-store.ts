/**
 * The renderer's state (zustand): the core's pushed status, the current screen, the running
 * task with its progress, the last error, and the update banner. Actions call the bridge only.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppStatus, BridgeEvent, UpdateStatus, VbiBridge } from '../../shared/contract.ts';

export type Screen = 'home' | 'compose' | 'history' | 'printers';

export interface AppState {
  bridge: VbiBridge;
  status: AppStatus | null;
  screen: Screen;
  busy: string | null;
  progress: { label: string; done: number; total: number } | null;
  error: { code: string; message: string } | null;
  notice: string | null;
  update: UpdateStatus;
  go(screen: Screen): void;
  dismiss(): void;
  /** Runs one bridge task with a busy label; errors land in `error`, never thrown at the UI. */
  run<T>(label: string, task: (bridge: VbiBridge) => Promise<T>, notice?: (result: T) => string): Promise<T | undefined>;
  init(): Promise<void>;
}

export function createAppStore(bridge: VbiBridge): StoreApi<AppState> {
  const store = createStore<AppState>()((set, get) => ({
    bridge,
    status: null,
    screen: 'home',
    busy: null,
    progress: null,
    error: null,
    notice: null,
    update: { status: 'current' },
    go: (screen) => set({ screen, error: null, notice: null }),
    dismiss: () => set({ error: null, notice: null }),
    async run(label, task, notice) {
      set({ busy: label, error: null, notice: null });
      try {
        const result = await task(get().bridge);
        if (isStatus(result)) set({ status: result });
        set({ notice: notice ? notice(result) : null });
        return result;
      } catch (err) {
        const e = err as { code?: string; message?: string };
        set({ error: { code: e.code ?? 'INTERNAL', message: e.message ?? 'Something went wrong.' } });
        return undefined;
      } finally {
        set({ busy: null, progress: null });
      }
    },
    async init() {
      const status = await get().run('Starting', (b) => b.status({}));
      if (status && !status.online) await get().run('Connecting to the vault', (b) => b.connect({}));
      const update = await bridge.updateStatus({}).catch(() => null);
      if (update) set({ update });
    },
  }));
  bridge.onEvent((event: BridgeEvent) => {
    if (event.type === 'status') store.setState({ status: event.status });
    if (event.type === 'progress') store.setState({ progress: { label: event.label, done: event.done, total: event.total } });
    if (event.type === 'update') store.setState({ update: event.update });
  });
  return store;
}

function isStatus(value: unknown): value is AppStatus {
  return typeof value === 'object' && value !== null && 'signedIn' in value && 'knownUsers' in value;
}

/**
 * The renderer's state (zustand): the core's pushed status, the current screen, the running
 * task with its progress, the last error, the update banner and the piece being composed.
 * Actions call the bridge only.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppStatus, BridgeErrorShape, BridgeEvent, ErrorCode, UpdateStatus, VbiBridge } from '../../shared/contract.ts';
import { emptyDraft, type ComposeDraft } from './compose-draft.ts';

export type Screen = 'home' | 'compose' | 'batch' | 'history' | 'addresses' | 'printers' | 'settings';

export interface AppState {
  bridge: VbiBridge;
  status: AppStatus | null;
  screen: Screen;
  busy: string | null;
  progress: { label: string; done: number; total: number } | null;
  error: BridgeErrorShape | null;
  notice: string | null;
  /** Bumped on every new error or notice, so the banner takes the focus again. */
  announced: number;
  update: UpdateStatus;
  draft: ComposeDraft;
  setDraft(patch: Partial<ComposeDraft>): void;
  /** The last account signed in here, to offer on the sign-in screen. */
  lastUser: string | null;
  /** The username typed on the sign-in screen (a lockout banner is about one username). */
  signInName: string;
  setSignInName(name: string): void;
  /** The printer to open Printer setup with, and the screen that asked (to go back to). */
  setupFor: { printerId: string; back: Screen } | null;
  setUpPrinter(printerId: string, back: Screen): void;
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
    announced: 0,
    update: { status: 'current' },
    draft: emptyDraft(),
    setDraft: (patch) => set((s) => ({ draft: { ...s.draft, ...patch } })),
    lastUser: null,
    signInName: '',
    setSignInName: (signInName) => set({ signInName }),
    setupFor: null,
    setUpPrinter: (printerId, back) => set({ screen: 'printers', setupFor: { printerId, back }, error: null, notice: null }),
    go: (screen) => set({ screen, setupFor: null, error: null, notice: null }),
    dismiss: () => set({ error: null, notice: null }),
    async run(label, task, notice) {
      set({ busy: label, error: null, notice: null });
      try {
        const result = await task(get().bridge);
        if (isStatus(result)) setStatus(result);
        const text = notice ? notice(result) : null;
        set((s) => ({ notice: text, announced: text ? s.announced + 1 : s.announced }));
        return result;
      } catch (err) {
        const e = err as { code?: ErrorCode; message?: string };
        set((s) => ({ error: { code: e.code ?? 'INTERNAL', message: e.message ?? 'Something went wrong.' }, announced: s.announced + 1 }));
        return undefined;
      } finally {
        set({ busy: null, progress: null });
      }
    },
    async init() {
      const status = await get().run('Starting', (b) => b.status({}));
      if (status && !status.online) await get().run('Connecting to the postage service', (b) => b.connect({}));
      const update = await bridge.updateStatus({}).catch(() => null);
      if (update) set({ update });
    },
  }));
  /** A new status; another account (or none) starts on Home with a new draft, and drops the last notice. */
  function setStatus(status: AppStatus): void {
    const previous = store.getState().status?.username ?? null;
    if (previous === status.username) {
      store.setState({ status });
      return;
    }
    store.setState({
      status,
      screen: 'home',
      draft: emptyDraft(),
      setupFor: null,
      notice: null,
      ...(previous !== null ? { lastUser: previous, signInName: previous } : {}),
    });
  }
  bridge.onEvent((event: BridgeEvent) => {
    if (event.type === 'status') setStatus(event.status);
    if (event.type === 'progress') store.setState({ progress: { label: event.label, done: event.done, total: event.total } });
    if (event.type === 'update') store.setState({ update: event.update });
  });
  return store;
}

function isStatus(value: unknown): value is AppStatus {
  return typeof value === 'object' && value !== null && 'signedIn' in value && 'knownUsers' in value;
}

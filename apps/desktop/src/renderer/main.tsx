/** @jsxRuntime automatic @jsxImportSource react */
/** Renderer entry: pick the bridge (Electron preload or the web host's socket) and mount. */
import { createRoot } from 'react-dom/client';
import { pickBridge } from './bridge/pick-bridge.ts';
import { App } from './components/App.tsx';
import { createAppStore } from './store/app-store.ts';
import { StoreProvider } from './store/context.tsx';

const store = createAppStore(pickBridge());
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StoreProvider store={store}>
      <App />
    </StoreProvider>,
  );
  void store.getState().init();
}

/** The system's printers (with their setup state), loaded from the bridge. */
import { useCallback, useEffect, useState } from 'react';
import type { Printer } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';

export function usePrinters(): { printers: Printer[]; reload: () => void } {
  const bridge = useApp((s) => s.bridge);
  const [printers, setPrinters] = useState<Printer[]>([]);
  const reload = useCallback(() => {
    bridge.listPrinters({}).then(setPrinters, () => setPrinters([]));
  }, [bridge]);
  useEffect(reload, [reload]);
  return { printers, reload };
}

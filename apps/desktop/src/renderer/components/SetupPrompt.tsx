/** @jsxRuntime automatic @jsxImportSource react */
/**
 * Asked before postage goes to a paper printer that has not passed printer setup: set it up first,
 * so the symbol lands where the post office reads it. (The PDF folder is never asked: it makes files.)
 */
import type { Printer } from '../../shared/contract.ts';
import { useApp } from '../store/context.tsx';

export function SetupPrompt({ printer }: { printer: Printer }) {
  const setUpPrinter = useApp((s) => s.setUpPrinter);
  const screen = useApp((s) => s.screen);
  return (
    <section className="card warn" role="alert" aria-labelledby="setup-prompt-h">
      <h2 id="setup-prompt-h">Set up “{printer.name}” first</h2>
      <p>
        This printer has not passed printer setup, so the postage may not line up on the envelope or label. Print the
        test envelope once and save its offsets; every later print uses them.
      </p>
      <button type="button" className="primary" onClick={() => setUpPrinter(printer.id, screen)}>
        Set up the printer
      </button>
    </section>
  );
}

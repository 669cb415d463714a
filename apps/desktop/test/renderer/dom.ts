/// <reference types="node" />
/** A happy-dom window installed as the global DOM, for component tests without a browser. */
import { Window } from 'happy-dom';

const win = new Window({ url: 'http://127.0.0.1:1234/' });
const g = globalThis as unknown as Record<string, unknown>;
for (const key of ['window', 'document', 'navigator', 'HTMLElement', 'HTMLInputElement', 'HTMLButtonElement', 'Node', 'Event', 'MouseEvent', 'KeyboardEvent', 'InputEvent', 'FocusEvent', 'MutationObserver', 'getComputedStyle', 'customElements', 'Element', 'DocumentFragment', 'Text', 'HTMLSelectElement', 'HTMLFormElement', 'SubmitEvent']) {
  if (!(key in g) || key === 'navigator') {
    Object.defineProperty(g, key, { value: (win as unknown as Record<string, unknown>)[key], configurable: true, writable: true });
  }
}
g.IS_REACT_ACT_ENVIRONMENT = true;
g.window = win;
g.document = win.document;

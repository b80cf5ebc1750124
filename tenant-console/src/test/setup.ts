import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

// jsdom has no matchMedia nor ResizeObserver, which Ant Design's responsive components ask for.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = window.ResizeObserver ?? NoResizeObserver;
window.scrollTo = () => undefined;

// jsdom computes a style by cascading every stylesheet in the document, and Ant Design's CSS-in-JS adds hundreds of
// rules: most of a test's time went there. Tests assert what is shown and what is sent, never computed styles, so an
// element's inline style is all they get (pseudo-elements, which jsdom does not implement, included).
window.getComputedStyle = ((element: Element) => (element as HTMLElement).style ?? document.createElement('div').style) as typeof window.getComputedStyle;

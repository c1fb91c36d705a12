/**
 * A tiny history router: the path is the state, `navigate` pushes it, `useLocation` re-renders on change.
 * The server answers every non-API path with index.html, so deep links and reloads work.
 */
import { useSyncExternalStore } from 'react';

const EVENT = 'renshe:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** The current path with its query string, e.g. `/tools/calendar?date=2024-02-04`. */
export function useLocation(): string {
  return useSyncExternalStore(subscribe, snapshot, () => '/');
}

/** Goes to `to` (same origin) without reloading; `replace` keeps the history length. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(EVENT));
}

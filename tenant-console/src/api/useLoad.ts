import { useEffect, useState } from 'react';

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs {@code load} whenever {@code key} (compared by value) changes, and on reload; keeps the last answer or error.
 * It is loading until the answer for the current key and round has come.
 */
export function useLoad<T>(load: () => Promise<T>, key: unknown[]): Loaded<T> {
  const signature = JSON.stringify(key);
  const [round, setRound] = useState(0);
  const [state, setState] = useState<{ data?: T; error?: unknown; of?: string }>({});
  const current = `${signature}#${round}`;
  useEffect(() => {
    let wanted = true;
    load().then(
      (data) => wanted && setState({ data, of: current }),
      (error: unknown) => wanted && setState({ error, of: current }),
    );
    return () => {
      wanted = false;
    };
    // The key says when to load again; the function itself is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current]);
  return { data: state.data, error: state.of === current ? state.error : undefined, loading: state.of !== current, reload: () => setRound((r) => r + 1) };
}

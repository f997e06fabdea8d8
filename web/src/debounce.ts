// Waiting for the typing to stop: the search asks the API once the text has been still for a
// moment, never once per keystroke.
import { useEffect, useState } from 'preact/hooks';

/** SEARCH_DELAY_MS is how long the text must stay unchanged before the explorer searches. */
export const SEARCH_DELAY_MS = 250;

/** debounce returns fn delayed until calls have stopped for ms; cancel drops a pending call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  call.cancel = () => clearTimeout(timer);
  return call;
}

/** useDebounced returns value once it has stayed the same for ms. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const d = debounce(setSettled, ms);
    d(value);
    return d.cancel;
  }, [value, ms]);
  return settled;
}

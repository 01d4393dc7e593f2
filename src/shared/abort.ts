/**
 * Many waiters on one abort signal (a run's stop: every request in flight, every conversation's think time) with one
 * listener on the signal, however many wait: a listener each would pass Node's listener warning at 11 and print it to
 * the user, and `AbortSignal.any` per request cost tens of µs each on the open-loop send path.
 */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `fn` once when `signal` aborts (now, if it already has); returns the function that stops waiting. */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  let all = waiting.get(signal);
  if (!all) {
    const set = new Set<() => void>();
    all = set;
    waiting.set(signal, set);
    signal.addEventListener(
      "abort",
      () => {
        for (const f of [...set]) f();
        set.clear();
      },
      { once: true },
    );
  }
  const once = (): void => {
    all.delete(once);
    fn();
  };
  all.add(once);
  return () => {
    all.delete(once);
  };
}

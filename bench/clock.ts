/**
 * One clock for the paced server and the clients: Linux's CLOCK_MONOTONIC is system-wide, so `process.hrtime` in two
 * processes reads the same clock, while each process's `performance.now()` counts from its own start. A process adds
 * this offset to turn `performance.now()` into the shared clock. It is taken as clock synchronisation usually is: a
 * `hrtime` read bracketed by two `performance.now()` reads, many times, keeping the tightest bracket — a single read
 * pair is not enough (the first `hrtime.bigint()` call of a process takes over a millisecond here).
 */
function offset(): number {
  let best = Infinity;
  let value = 0;
  for (let i = 0; i < 2000; i++) {
    const before = performance.now();
    const mono = Number(process.hrtime.bigint()) / 1e6;
    const after = performance.now();
    if (after - before < best) {
      best = after - before;
      value = mono - (before + after) / 2;
    }
  }
  return value;
}

export const MONO_OFFSET_MS = offset();
export const toShared = (perfNow: number): number => perfNow + MONO_OFFSET_MS;

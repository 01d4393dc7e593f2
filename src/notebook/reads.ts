/**
 * Which runs a notebook read, for its execution record and its bundle. `readRun` and `loadRun` note each run folder
 * here; the registry lives on `globalThis` so that every copy of the library in the process (the CLI's and the one a
 * notebook cell `require`s) shares it.
 */
import { resolve } from "node:path";

const KEY = Symbol.for("trialbook.runsRead");
type Registry = Set<string>;

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (g[KEY] ??= new Set<string>());
}

export function noteRunRead(dir: string): void {
  registry().add(resolve(dir));
}

/** The run folders read since the last `clearRunsRead()`, as absolute paths. */
export function runsRead(): string[] {
  return [...registry()].sort();
}

export function clearRunsRead(): void {
  registry().clear();
}

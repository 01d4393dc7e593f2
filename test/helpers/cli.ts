/** Runs the CLI from source (through tsx) as a separate process, the way a user runs it. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));
/** tsx by URL, so that the CLI also runs from folders outside the repository (bundles unpacked elsewhere). */
const tsx = import.meta.resolve("tsx");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, ["--import", tsx, main, ...args], { cwd: options.cwd ?? root, encoding: "utf8", env: options.env ?? process.env, timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliAsync(args: readonly string[], options: { cwd?: string } = {}): ChildProcess {
  return spawn(process.execPath, ["--import", tsx, main, ...args], { cwd: options.cwd ?? root, stdio: ["ignore", "pipe", "pipe"] });
}

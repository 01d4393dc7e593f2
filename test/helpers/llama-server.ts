/**
 * Starts a real llama-server (built from the llama.cpp source node-llama-cpp ships; see scripts/build-llama-server.sh)
 * on 127.0.0.1 with a free port, and stops it. The build is cached outside the repository; a missing binary is built,
 * never skipped.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export function llamaServerBinary(): string {
  if (process.env["TRIALBOOK_LLAMA_SERVER"]) return process.env["TRIALBOOK_LLAMA_SERVER"];
  const script = fileURLToPath(new URL("../../scripts/build-llama-server.sh", import.meta.url));
  return execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunningServer {
  url: string;
  baseUrl: string;
  process: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
}

export async function startLlamaServer(model: string, options: { parallel?: number; threads?: number; ctx?: number } = {}): Promise<RunningServer> {
  const port = await freePort();
  const args = ["-m", model, "--host", "127.0.0.1", "--port", String(port), "-t", String(options.threads ?? 1), "-c", String(options.ctx ?? 4096), "-np", String(options.parallel ?? 1), "--no-webui"];
  const child = spawn(llamaServerBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout?.on("data", (b: Buffer) => (log += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (log += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited with ${child.exitCode}:\n${log.slice(-2000)}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`llama-server did not become healthy within 60 s:\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    baseUrl: `${url}/v1`,
    process: child,
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

/** Starts the paced server in its own process (pinned to CPU 0 when `taskset` exists) and talks to it. */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";
import type { TruthRecord } from "./truth.js";

export interface PacedServer {
  url: string;
  configure(pace: Partial<{ ttft_ms: number; gap_ms: number; tokens_per_chunk: number; jitter_ms: number; seed: number }>): Promise<void>;
  truth(): Promise<TruthRecord>;
  /** Median round trip of a tiny HTTP request on a warm keep-alive connection, ms: the floor of any client's TTFT error. */
  roundTrip(samples?: number): Promise<number>;
  stop(): void;
}

const hasTaskset = (() => {
  try {
    execFileSync("taskset", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Pins this process to CPU 1 (the server gets CPU 0), so client and server do not share a core. */
export function pinSelf(): boolean {
  if (!hasTaskset) return false;
  try {
    execFileSync("taskset", ["-p", "-c", "1", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export async function startPacedServer(): Promise<PacedServer> {
  const script = fileURLToPath(new URL("./paced-server.ts", import.meta.url));
  const args = ["--import", "tsx", script];
  const child: ChildProcess = hasTaskset ? spawn("taskset", ["-c", "0", process.execPath, ...args], { stdio: ["ignore", "pipe", "inherit"] }) : spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`paced server exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async configure(pace) {
      await fetch(`${url}/config`, { method: "POST", body: JSON.stringify(pace) });
    },
    async truth() {
      return (await (await fetch(`${url}/truth`)).json()) as TruthRecord;
    },
    async roundTrip(samples = 200) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const once = () =>
        new Promise<number>((resolve, reject) => {
          const t0 = performance.now();
          http.get(`${url}/ping`, { agent }, (res) => {
            res.resume();
            res.on("end", () => resolve(performance.now() - t0));
          }).on("error", reject);
        });
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        await new Promise((r) => setTimeout(r, 2)); // let both sides go idle, as between streamed chunks
        times.push(await once());
      }
      agent.destroy();
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN;
    },
    stop() {
      child.kill("SIGKILL");
    },
  };
}

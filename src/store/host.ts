/** What the runner can read about the machine it runs on, for the manifest. */
import { execFile } from "node:child_process";
import os from "node:os";

export interface HostInfo {
  os: string;
  release: string;
  arch: string;
  cpu_model: string;
  cores: number;
  memory_bytes: number;
  gpus: string[];
  node: string;
  hostname_hash?: string;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 3000 }, (err, stdout) => resolve(err ? "" : stdout.trim()));
  });
}

async function gpus(): Promise<string[]> {
  const nvidia = await run("nvidia-smi", ["--query-gpu=name,memory.total", "--format=csv,noheader"]);
  if (nvidia) return nvidia.split("\n").map((l) => l.trim()).filter(Boolean);
  if (process.platform === "darwin") {
    const chip = await run("sysctl", ["-n", "machdep.cpu.brand_string"]);
    return chip ? [`${chip} (unified memory)`] : [];
  }
  return [];
}

export async function hostInfo(): Promise<HostInfo> {
  const cpus = os.cpus();
  return {
    os: os.type(),
    release: os.release(),
    arch: os.arch(),
    cpu_model: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memory_bytes: os.totalmem(),
    gpus: await gpus(),
    node: process.version,
  };
}

/**
 * The node-llama-cpp engine, loaded once per process and thread setting, with llama.cpp's log routed through a
 * listener so that the engine's own performance counters (llama_perf_context_print) can be captured per request.
 */
import type { Llama } from "node-llama-cpp";

/**
 * node-llama-cpp, imported on first use: its module graph has top-level await, so a static import would keep
 * `require("trialbook")` (notebook cells compile to CommonJS) from loading the library at all.
 */
let lib: Promise<typeof import("node-llama-cpp")> | null = null;
export const nodeLlamaCpp = (): Promise<typeof import("node-llama-cpp")> => (lib ??= import("node-llama-cpp"));

type LogListener = (line: string) => void;
const listeners = new Set<LogListener>();
const engines = new Map<string, Promise<Llama>>();

export function loadEngine(options: { threads: number; gpu: boolean }): Promise<Llama> {
  const key = `${options.threads}:${options.gpu}`;
  let engine = engines.get(key);
  if (!engine) {
    engine = nodeLlamaCpp().then(({ getLlama, LlamaLogLevel }) => getLlama({
      gpu: options.gpu ? "auto" : false,
      build: "never",
      maxThreads: options.threads,
      logLevel: LlamaLogLevel.info,
      logger: (_level, message) => {
        for (const l of listeners) l(message);
      },
      progressLogs: false,
    }));
    engines.set(key, engine);
  }
  return engine;
}

/** Collects llama.cpp log lines while `fn` runs. */
export async function captureLog<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const listener: LogListener = (line) => lines.push(line);
  listeners.add(listener);
  try {
    return { value: await fn(), lines };
  } finally {
    listeners.delete(listener);
  }
}

export interface EngineTimings {
  prompt_n: number;
  prompt_ms: number;
  predicted_n: number;
  predicted_ms: number;
  prompt_per_second: number;
  predicted_per_second: number;
}

/** Parses llama.cpp's `llama_perf_context_print` lines into llama-server's `timings` field names. */
export function parsePerfLines(lines: readonly string[]): EngineTimings | null {
  const text = lines.join("\n");
  const prompt = /prompt eval time\s*=\s*([\d.]+) ms\s*\/\s*(\d+) tokens/.exec(text);
  const decode = /(?<!prompt )eval time\s*=\s*([\d.]+) ms\s*\/\s*(\d+) runs/.exec(text);
  if (!prompt || !decode) return null;
  const prompt_ms = Number(prompt[1]);
  const prompt_n = Number(prompt[2]);
  const predicted_ms = Number(decode[1]);
  const predicted_n = Number(decode[2]);
  return {
    prompt_n,
    prompt_ms,
    predicted_n,
    predicted_ms,
    prompt_per_second: prompt_ms > 0 ? (prompt_n / prompt_ms) * 1000 : 0,
    predicted_per_second: predicted_ms > 0 ? (predicted_n / predicted_ms) * 1000 : 0,
  };
}

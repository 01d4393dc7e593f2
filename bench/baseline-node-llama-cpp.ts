/**
 * The embedded engine without trialbook: node-llama-cpp's own evaluate loop on the same model, context settings and
 * sampling as the `llama-cpp` backend, timing each token as it arrives and reading llama.cpp's perf counters after
 * each request. Its decode rate ÷ the counter is what the binding itself (sampling, the hop from the engine thread
 * to JavaScript) leaves of the engine's decode-only rate; trialbook's ratio divided by it is trialbook's own share.
 */
import { captureLog, loadEngine, parsePerfLines } from "./built.js";
import { median } from "../src/analyse/stats.js";

export async function bareEmbedded(modelPath: string, prompt: string, tokens: number, repetitions: number): Promise<{ ratio: number; client: number; engine: number; n: number }> {
  const llama = await loadEngine({ threads: 1, gpu: false });
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const ctx = await model.createContext({ contextSize: 1024, sequences: 1, threads: 1, performanceTracking: true });
  const seq = ctx.getSequence();
  const input = model.tokenize(prompt, false);
  const ratios: number[] = [];
  const clients: number[] = [];
  const engines: number[] = [];
  try {
    for (let r = 0; r <= repetitions; r++) {
      await seq.clearHistory();
      await captureLog(() => ctx.printTimings()); // reset the counters
      const stamps: number[] = [];
      for await (const _ of seq.evaluate(input, { temperature: 0.8, seed: 1, yieldEogToken: true })) {
        stamps.push(performance.now());
        if (stamps.length >= tokens) break;
      }
      const timings = parsePerfLines((await captureLog(() => ctx.printTimings())).lines);
      if (r === 0 || !timings) continue; // the first is a warm-up, as in trialbook's run
      const client = (1000 * (stamps.length - 1)) / ((stamps.at(-1) ?? 0) - (stamps[0] ?? 0));
      clients.push(client);
      engines.push(timings.predicted_per_second);
      ratios.push(client / timings.predicted_per_second);
    }
  } finally {
    await ctx.dispose();
    await model.dispose();
  }
  return { ratio: median(ratios) ?? NaN, client: median(clients) ?? NaN, engine: median(engines) ?? NaN, n: ratios.length };
}

/**
 * A real llama-server (llama.cpp built from the source node-llama-cpp ships), on 127.0.0.1, running the shipped
 * experiments/llama-server-speed.yaml with only its URL changed. The stored trials must agree with the server's own
 * `timings`: the same token counts, and the same decode rate within a few percent.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runExperiment } from "../../src/run/runner.js";
import { clientDecodeRate, serverDecodeRate } from "../../src/analyse/metrics/all.js";
import { median, present } from "../../src/analyse/stats.js";
import { tempDir } from "../helpers/experiments.js";
import { testModel } from "../helpers/models.js";
import { startLlamaServer, type RunningServer } from "../helpers/llama-server.js";

let server: RunningServer;
before(async () => {
  server = await startLlamaServer(testModel("medium", 2), { parallel: 4, ctx: 8192 });
});
after(async () => {
  await server?.stop();
});

test("llama-server-speed.yaml against a running llama-server: trials agree with the server's timings", async (ctx) => {
  const d = tempDir();
  const shipped = readFileSync(new URL("../../experiments/llama-server-speed.yaml", import.meta.url), "utf8");
  const file = join(d, "llama-server-speed.yaml");
  writeFileSync(file, shipped.replace("http://127.0.0.1:8080/v1", server.baseUrl));
  const result = await runExperiment({ file, runsDir: d });
  assert.equal(result.status, "complete");
  assert.equal(result.written.length, 1 + 3 * (1 + 2 + 4));
  const backend = result.manifest.backends["llama-server"];
  assert.equal(backend?.server, "llama-server");
  assert.match(String(backend?.version), /^b\d+-[0-9a-f]+$/);
  assert.equal(backend?.local, true);
  for (const t of result.written) {
    assert.equal(t.error, null, JSON.stringify(t.error));
    const timings = t.server?.["timings"] as { predicted_n: number; prompt_n: number };
    assert.equal(t.output_tokens.server, 128);
    assert.equal(t.output_tokens.client, 128, "one streamed event per token");
    assert.equal(timings.predicted_n, 128);
    assert.ok((t.prompt_tokens.server ?? 0) >= 500, `prompt tokens ${t.prompt_tokens.server}`);
    assert.equal(timings.prompt_n, t.prompt_tokens.server, "cache_prompt: false ⇒ every prompt token processed");
  }
  const alone = result.written.filter((t) => !t.warmup && t.concurrency === 1);
  const ratios = alone.map((t) => (clientDecodeRate(t) ?? 0) / (serverDecodeRate(t) ?? 1));
  const r = median(present(ratios)) ?? 0;
  ctx.diagnostic(`decode rate trialbook/llama-server timings: median ${r.toFixed(4)} over ${ratios.length} trials at concurrency 1`);
  assert.ok(r > 0.95 && r < 1.05, `client/server decode rate ratio ${r.toFixed(4)} (${ratios.map((x) => x.toFixed(4)).join(", ")})`);
});

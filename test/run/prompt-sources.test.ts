/**
 * Prompts from files and length distributions, end to end: each request sends its own record (request bodies caught by
 * the FAKE OpenAI server differ per trial and carry the record's messages), the trial records where its prompt came
 * from and the lengths asked; on a REAL llama-server the prompt tokens it counts follow input_tokens.
 */
import { after, before, test } from "node:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { summarizeRun } from "../../src/analyse/summary.js";
import { trialRows } from "../../src/analyse/rows.js";
import { methodology } from "../../src/render/report/sections/methodology.js";
import { reportInput } from "../../src/render/report/document.js";
import { toMarkdownText } from "../../src/render/report/markdown.js";
import { startFakeOpenAIServer, type FakeServer } from "../fakes/fake-openai-server.js";
import { tempDir, tempDirWith, writeExperiment } from "../helpers/experiments.js";
import { testModel } from "../helpers/models.js";
import { startLlamaServer, type RunningServer } from "../helpers/llama-server.js";

let fake: FakeServer;
let server: RunningServer;
before(async () => {
  fake = await startFakeOpenAIServer({ tokens: 3, gapMs: 0 });
  server = await startLlamaServer(testModel("tiny", 3), { parallel: 1, ctx: 2048 });
});
after(async () => {
  await fake?.close();
  await server?.stop();
});

const record = (i: number) =>
  JSON.stringify({ messages: [{ role: "system", content: `sys ${i}` }, { role: "user", content: `first ${i}` }, { role: "assistant", content: `answer ${i}` }, { role: "user", content: `follow-up ${i}` }, { role: "assistant", content: "reference" }] });

test("a JSONL source: every request body carries its own record's messages; trials name the record and the max_tokens asked", async () => {
  const d = tempDirWith({ "data/chat.jsonl": Array.from({ length: 5 }, (_, i) => record(i)).join("\n") + "\n" });
  const file = writeExperiment(d, {
    name: "sources-fake",
    backends: { f: { type: "openai", base_url: fake.url } },
    variants: [{ id: "f", backend: "f", model: "ok", format: "other" }],
    workload: { prompts: [{ id: "chat", file: "data/chat.jsonl", output_tokens: { mean: 20, sd: 5, min: 10, max: 30 } }], max_tokens: 4, ignore_eos: true, warmup: 1, repetitions: 5, concurrency: [1], load: [{ rate: 50, requests: 5 }] },
  });
  const before = fake.bodies.length;
  const result = await runExperiment({ file, runsDir: d });
  assert.equal(result.status, "complete");
  const bodies = fake.bodies.slice(before).filter((b) => Array.isArray(b["messages"])) as Array<{ messages: Array<{ role: string; content: string }>; max_tokens: number }>;
  const measured = result.written.filter((t) => !t.warmup);
  assert.equal(measured.length, 10);
  assert.ok(bodies.length >= 11, String(bodies.length)); // besides the 11 requests, the runner probes the server
  for (const t of measured) {
    const i = (t.source?.line ?? 0) - 1;
    assert.equal(t.source?.file, "data/chat.jsonl");
    // the body sent for this trial: found by its nonce, which starts the system message
    const body = bodies.find((b) => b.messages[0]?.content.startsWith(`[${t.prompt_nonce}] `));
    assert.ok(body, t.trial);
    assert.deepEqual(body.messages.map((m) => [m.role, m.content.replace(/^\[\w+\] /, "")]), [["system", `sys ${i}`], ["user", `first ${i}`], ["assistant", `answer ${i}`], ["user", `follow-up ${i}`]]);
    assert.equal(body.max_tokens, t.output_tokens_target);
    assert.ok((t.output_tokens_target ?? 0) >= 10 && (t.output_tokens_target ?? 0) <= 30);
  }
  // the five records, each once per level
  assert.equal(new Set(measured.filter((t) => t.concurrency === 1).map((t) => t.source?.line)).size, 5);
  assert.equal(new Set(measured.filter((t) => t.rate === 50).map((t) => t.source?.line)).size, 5);
  // summaries group by the entry's id, not per record
  assert.deepEqual([...new Set(summarizeRun(readRun(result.dir)).levels.map((l) => l.prompt))], ["chat"]);
  // the flat rows of notebooks and the CSV export carry the record and the targets
  const rows = trialRows(readRun(result.dir)).filter((r) => !r.warmup);
  assert.ok(rows.every((r) => /^data\/chat\.jsonl:[1-5]$/.test(r.source ?? "") && r.output_tokens_target !== null && r.input_tokens_target === null));
  // the manifest and the report's methodology say where the prompts came from, and the lengths asked vs measured
  assert.deepEqual({ ...result.manifest.prompt_sources?.["chat"], sha256: "…" }, { origin: "data/chat.jsonl", format: "jsonl", records: 5, used: 5, skipped: 0, sha256: "…" });
  assert.match(result.manifest.prompt_sources?.["chat"]?.sha256 ?? "", /^[0-9a-f]{64}$/);
  const run = readRun(result.dir);
  for (const lang of ["en", "ja"] as const) {
    const method = methodology.build(reportInput([run], "2026-12-01T00:00:00Z", lang));
    const text = toMarkdownText({ type: "root", children: method }, (id) => id);
    if (lang === "en") {
      assert.match(text, /`chat`: prompts from data\/chat\.jsonl \(jsonl\); 5 of 5 records, shuffled with seed 42: .*; 5 different records sent; answer length \(max_tokens\) per request: normal, mean 20 tokens, sd 5, between 10 and 30; drawn: mean [12]\d tokens; measured: mean 3 tokens/);
    } else assert.match(text, /data\/chat\.jsonl（jsonl）から読んだプロンプト。5件中5件/);
  }
});

test("resume: the same data file resumes; a changed one stops the resume", async () => {
  const d = tempDirWith({ "p.jsonl": `{"prompt": "a"}\n{"prompt": "b"}\n` });
  const file = writeExperiment(d, {
    name: "sources-resume",
    backends: { f: { type: "openai", base_url: fake.url } },
    variants: [{ id: "f", backend: "f", model: "ok", format: "other" }],
    workload: { prompts: [{ id: "p", file: "p.jsonl" }], max_tokens: 2, warmup: 0, repetitions: 2 },
  });
  const first = await runExperiment({ file, runsDir: d });
  assert.equal(first.status, "complete");
  const again = await runExperiment({ file, runsDir: d, resume: "latest" });
  assert.equal(again.written.length, 0);
  writeFileSync(join(d, "p.jsonl"), `{"prompt": "a"}\n{"prompt": "c"}\n`);
  await assert.rejects(runExperiment({ file, runsDir: d, resume: "latest" }), /prompt p: p\.jsonl has changed since the run started/);
});

test("input_tokens on llama-server: the server's prompt token counts follow the drawn lengths", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "sources-llama",
    backends: { ls: { type: "openai", base_url: server.baseUrl } },
    variants: [{ id: "ls", backend: "ls", model: "default", format: "gguf" }],
    workload: { prompts: [{ id: "syn", input_tokens: { mean: 200, sd: 120, min: 20, max: 500 }, output_tokens: 3 }], max_tokens: 8, ignore_eos: true, warmup: 0, repetitions: 8 },
  });
  const result = await runExperiment({ file, runsDir: d });
  assert.equal(result.status, "complete");
  const trials = result.written;
  assert.equal(trials.length, 8);
  for (const t of trials) {
    assert.equal(t.error, null, JSON.stringify(t.error));
    const target = t.input_tokens_target ?? 0;
    const counted = t.prompt_tokens.server ?? 0;
    // the chat template and the nonce add a few tokens; each filler word is about one token
    assert.ok(counted >= target && counted <= target * 1.3 + 40, `${t.trial}: ${counted} tokens for a target of ${target}`);
    assert.equal(t.output_tokens.server, 3);
  }
  const sorted = [...trials].sort((a, b) => (a.input_tokens_target ?? 0) - (b.input_tokens_target ?? 0));
  assert.ok((sorted.at(-1)?.input_tokens_target ?? 0) - (sorted[0]?.input_tokens_target ?? 0) > 100, "lengths spread");
  assert.ok((sorted.at(-1)?.prompt_tokens.server ?? 0) > (sorted[0]?.prompt_tokens.server ?? 0) + 100);
});

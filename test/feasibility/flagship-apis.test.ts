/**
 * Flagship stage on FAKE Anthropic and Gemini APIs (their streaming formats replayed; no real API is reachable here),
 * an open-weight stand-in on the FAKE OpenAI server, and a judge on the same fake. Proves: keys travel only in headers
 * and land in no artifact; checks see the answer, not the reasoning; placeholders fill check values per record; the
 * judge's score and reasoning are stored; the verdict and its paired comparison come from the stored trials.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { feasibilityVerdict } from "../../src/analyse/feasibility/verdict.js";
import { tempDirWith, writeExperiment } from "../helpers/experiments.js";
import { startFakeFlagshipApis, type FakeFlagshipApis } from "../fakes/fake-flagship-apis.js";
import { startFakeOpenAIServer, type FakeServer } from "../fakes/fake-openai-server.js";

let apis: FakeFlagshipApis;
let openai: FakeServer;
before(async () => {
  apis = await startFakeFlagshipApis();
  openai = await startFakeOpenAIServer({ tokens: 4, gapMs: 0 });
});
after(async () => {
  await apis.close();
  await openai.close();
});

const SECRETS = { FAKE_ANTHROPIC_KEY: "sk-ant-fake-0123456789", FAKE_GEMINI_KEY: "gm-fake-9876543210" };

/** The two hosted flagship APIs, both served by the FAKE server, keys named (not given). */
const hostedBackends = () => ({
  claude: { type: "anthropic" as const, base_url: apis.url, api_key_env: "FAKE_ANTHROPIC_KEY" },
  gemini: { type: "gemini" as const, base_url: apis.url, api_key_env: "FAKE_GEMINI_KEY" },
});

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? allFiles(join(dir, f)) : [join(dir, f)]));
}

test("flagship on Anthropic and Gemini (fakes): keys only in headers, reasoning unseen by checks, judge stored, verdict from trials", async () => {
  const d = tempDirWith({ "data/orders.csv": 'order,customer,total\nA-1,"Smith, J",1250.00\nA-2,Lee,980.5\n' });
  const file = writeExperiment(d, {
    name: "flagship-apis",
    kind: "feasibility",
    backends: { ...hostedBackends(), fake: { type: "openai", base_url: openai.url } },
    variants: [
      { id: "claude", backend: "claude", model: "claude-fake", format: "other", cost: { input_per_mtok: 3, output_per_mtok: 15 } },
      { id: "gemini", backend: "gemini", model: "gemini-fake", format: "other" },
      { id: "open", backend: "fake", model: "ok", format: "gguf", cost: { per_hour: 0.5, currency: "EUR" } },
      { id: "grader", backend: "fake", model: "judge-0.9", format: "other" },
    ],
    datasets: { orders: { files: ["data/*.csv"], classification: "surrogate" } },
    tasks: [
      {
        id: "total",
        dataset: "orders",
        per: "record",
        prompt: "Order {{order}} for {{customer}}.\nThe total is {{total}} EUR",
        checks: [
          { id: "amount", type: "numeric", value: "{{total}}", tolerance: 0.01 },
          { id: "no-reasoning", type: "not-contains", value: "thinking" },
          { id: "graded", type: "judge", judge: "grader", rubric: "States the total of order {{order}}." },
        ],
      },
    ],
    stages: { flagship: ["claude", "gemini"], open_weight: ["open"], repetitions: 2, threshold: 0.8 },
    workload: { max_tokens: 32, warmup: 1 },
  });
  const result = await runExperiment({ file, runsDir: d, env: SECRETS });
  assert.equal(result.status, "complete");
  // 3 stage variants × (1 warm-up + 2 records × 2 repetitions)
  assert.equal(result.written.length, 3 * (1 + 4));

  const messages = apis.seen.filter((r) => r.url === "/v1/messages");
  const gen = apis.seen.filter((r) => r.url.includes(":streamGenerateContent"));
  assert.equal(messages.length, 5);
  assert.equal(gen.length, 5);
  for (const r of messages) assert.equal(r.headers["x-api-key"], SECRETS.FAKE_ANTHROPIC_KEY);
  for (const r of gen) {
    assert.equal(r.headers["x-goog-api-key"], SECRETS.FAKE_GEMINI_KEY);
    assert.ok(!r.url.includes(SECRETS.FAKE_GEMINI_KEY), "the Gemini key never goes into the URL");
  }
  for (const f of allFiles(result.dir)) {
    const text = readFileSync(f, "utf8");
    for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret), `${f} contains an API key`);
  }

  const measured = result.written.filter((t) => !t.warmup);
  const flagship = measured.filter((t) => t.variant !== "open");
  for (const t of flagship) {
    assert.equal(t.error, null, JSON.stringify(t.error));
    assert.equal(t.reasoning, "thinking: the user wants the number", "reasoning is stored apart");
    assert.ok(!t.output?.includes("thinking"));
    assert.equal(t.feasibility?.pass, true, JSON.stringify(t.feasibility?.checks));
    const judged = t.feasibility?.checks.find((c) => c.check === "graded");
    assert.deepEqual(judged?.judge, { variant: "grader", score: 0.9, reasoning: "fake judge: graded by the model name" });
    assert.match(t.feasibility?.checks.find((c) => c.check === "amount")?.detail ?? "", /^(1250|980\.5) is within/);
    assert.ok((t.prompt_tokens.server ?? 0) > 0 && (t.output_tokens.server ?? 0) > 0, "usage from message_start/message_delta and usageMetadata");
  }
  const claude = flagship.find((t) => t.variant === "claude");
  assert.equal(claude?.prompt_tokens.server, 21);
  assert.equal(claude?.finish_reason, "end_turn");
  assert.equal(flagship.find((t) => t.variant === "gemini")?.finish_reason, "STOP");
  for (const t of measured.filter((x) => x.variant === "open")) {
    assert.equal(t.feasibility?.pass, false);
    assert.match(t.feasibility?.checks.find((c) => c.check === "amount")?.detail ?? "", /has no number|is not within/);
  }

  const run = readRun(result.dir);
  const v = feasibilityVerdict(run.trials, run.manifest);
  assert.equal(v.verdict, "wait-for-open-weight");
  assert.deepEqual(v.flagship.map((e) => [e.variant, e.passes, e.n, e.label]), [["claude", 4, 4, "passes"], ["gemini", 4, 4, "passes"]]);
  const open = v.open_weight[0]!;
  assert.equal(open.label, "wait for open-weight models");
  assert.deepEqual([open.paired?.against, open.paired?.pairs, open.paired?.only_reference, open.paired?.only_this], ["claude", 4, 4, 0]);
  assert.equal(open.paired?.p_value, 0.125, "McNemar exact: 4 discordant pairs, all one way ⇒ 2 × 0.5⁴");
  const claudeCost = v.flagship[0]!.cost;
  assert.equal(claudeCost.currency, "USD");
  assert.ok(Math.abs((claudeCost.total ?? 0) - (claudeCost.input_tokens * 3 + claudeCost.output_tokens * 15) / 1e6) < 1e-12);
  assert.equal(v.flagship[1]!.cost.total, null, "gemini declares no cost: no figure, not zero");
  assert.equal(open.cost.currency, "EUR");
  assert.ok((open.cost.total ?? 0) > 0, "a local model is never shown as free when an hourly cost is declared");
  const egress = new Map(run.manifest.egress.map((e) => [e.host, e.requests]));
  assert.ok((egress.get(new URL(apis.url).host) ?? 0) >= 10);
});

test("a feasibility run cut short resumes: finished trials kept, the rest run once, the same verdict", async () => {
  const d = tempDirWith({ "data/a.txt": "The total is 12 EUR", "data/b.txt": "The total is 30 EUR" });
  const file = writeExperiment(d, {
    name: "resume-feasibility",
    kind: "feasibility",
    backends: { claude: { type: "anthropic", base_url: apis.url, api_key_env: "FAKE_ANTHROPIC_KEY" }, fake: { type: "openai", base_url: openai.url } },
    variants: [
      { id: "claude", backend: "claude", model: "claude-fake", format: "other" },
      { id: "open", backend: "fake", model: "ok", format: "gguf" },
    ],
    datasets: { notes: { files: ["data/*.txt"], classification: "confidential" } },
    tasks: [{ id: "total", dataset: "notes", prompt: "{{text}}", checks: [{ type: "numeric", value: 12, tolerance: 0 }] }],
    stages: { flagship: ["claude"], open_weight: ["open"], repetitions: 3, threshold: 0.5 },
    workload: { max_tokens: 16, warmup: 1 },
  });
  const full = await runExperiment({ file, runsDir: d, env: SECRETS });
  const trialsFile = join(full.dir, "trials.jsonl");
  const lines = readFileSync(trialsFile, "utf8").trimEnd().split("\n");
  assert.equal(lines.length, 2 * (1 + 2 * 3));
  writeFileSync(trialsFile, lines.slice(0, 5).join("\n") + "\n");
  const resumed = await runExperiment({ file, runsDir: d, resume: full.run_id, env: SECRETS });
  assert.equal(resumed.status, "complete");
  assert.deepEqual(resumed.written.map((t) => t.trial), lines.slice(5).map((l) => (JSON.parse(l) as { trial: string }).trial));
  const run = readRun(full.dir);
  assert.equal(run.trials.length, lines.length);
  assert.equal(new Set(run.trials.map((t) => t.trial)).size, lines.length);
  const v = feasibilityVerdict(run.trials, run.manifest);
  // a.txt passes (12), b.txt does not (30): 50% ≥ threshold 0.5 for the flagship; the fake open-weight answers no number
  assert.deepEqual([v.flagship[0]?.passes, v.flagship[0]?.n, v.verdict], [3, 6, "wait-for-open-weight"]);
});

test("Anthropic and Gemini faults: a missing key is an http error on the trial; an error event or a cut stream is a stream error", async () => {
  const { anthropicEvents } = await import("../../src/backends/anthropic/stream.js");
  const { geminiEvents } = await import("../../src/backends/gemini/stream.js");
  const sse = async function* (events: unknown[]) {
    // Each event arrives as its own read of the body, as a server writes them.
    for (const e of events) yield { type: "read" as const, t: 1, bytes: Buffer.from(`data: ${JSON.stringify(e)}\n\n`) };
  };
  const drain = async (it: AsyncIterable<unknown>) => {
    for await (const _ of it) void _;
  };
  await assert.rejects(drain(anthropicEvents(sse([{ type: "message_start", message: { usage: { input_tokens: 3 } } }, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }]))), /stream error|server error in stream: overloaded_error Overloaded/);
  await assert.rejects(drain(anthropicEvents(sse([{ type: "content_block_delta", delta: { type: "text_delta", text: "a" } }]))), /before message_stop/);
  await assert.rejects(drain(geminiEvents(sse([{ candidates: [{ content: { parts: [{ text: "a" }] } }] }]))), /before a finishReason/);
  await assert.rejects(drain(geminiEvents(sse([{ error: { code: 429, status: "RESOURCE_EXHAUSTED", message: "quota" } }]))), /RESOURCE_EXHAUSTED quota/);

  const d = tempDirWith({ "data/a.txt": "x" });
  const file = writeExperiment(d, {
    name: "no-key",
    kind: "feasibility",
    backends: hostedBackends(),
    variants: [
      { id: "claude", backend: "claude", model: "claude-fake", format: "other" },
      { id: "gemini", backend: "gemini", model: "gemini-fake", format: "other" },
    ],
    datasets: { notes: { files: ["data/*.txt"], classification: "public" } },
    tasks: [{ id: "t", dataset: "notes", prompt: "{{text}}", checks: [{ type: "regex", pattern: "." }] }],
    stages: { flagship: ["claude"], open_weight: ["gemini"], repetitions: 1, force_open_weight: true },
    workload: { max_tokens: 8, warmup: 0 },
  });
  const warnings: string[] = [];
  const result = await runExperiment({ file, runsDir: d, env: {}, logger: { info() {}, warn: (m) => warnings.push(m) } });
  assert.deepEqual(result.written.map((t) => [t.variant, t.error?.kind, t.error?.status, t.feasibility?.pass]), [["claude", "http", 401, false], ["gemini", "http", 403, false]]);
  assert.ok(warnings.some((w) => /FAKE_ANTHROPIC_KEY is not set/.test(w)));
});

test("--since on a feasibility run: unchanged variants' answers are carried over (no request sent), changed ones rerun, changed data reruns all", async () => {
  const { testModel } = await import("../helpers/models.js");
  const d = tempDirWith({ "data/a.txt": "The total is 12 EUR" });
  const experiment = (model: string) => ({
    name: "since-feasibility",
    kind: "feasibility" as const,
    backends: { claude: { type: "anthropic" as const, base_url: apis.url, api_key_env: "FAKE_ANTHROPIC_KEY" }, local: { type: "llama-cpp" as const } },
    variants: [
      { id: "claude", backend: "claude", model: "claude-fake", format: "other" as const },
      { id: "local", backend: "local", model, format: "gguf" as const },
    ],
    datasets: { notes: { files: ["data/*.txt"], classification: "confidential" as const } },
    tasks: [{ id: "total", dataset: "notes", prompt: "{{text}}", checks: [{ type: "numeric" as const, value: 12, tolerance: 0 }] }],
    stages: { flagship: ["claude"], open_weight: ["local"], repetitions: 2 },
    workload: { max_tokens: 8, ignore_eos: true, warmup: 1 },
  });
  const messages = () => apis.seen.filter((r) => r.url === "/v1/messages").length;
  const first = await runExperiment({ file: writeExperiment(d, experiment(testModel("tiny", 1))), runsDir: d, env: SECRETS });
  const verdictOf = (dir: string) => {
    const run = readRun(dir);
    return feasibilityVerdict(run.trials, run.manifest);
  };
  const v1 = verdictOf(first.dir);
  assert.equal(v1.verdict, "wait-for-open-weight");

  const before = messages();
  const same = await runExperiment({ file: writeExperiment(d, experiment(testModel("tiny", 1))), runsDir: d, since: first.dir, env: SECRETS });
  assert.equal(messages(), before, "nothing sent to the unchanged flagship");
  assert.deepEqual(Object.keys(same.manifest.skipped_variants ?? {}).sort(), ["claude", "local"]);
  assert.ok(same.written.every((t) => t.carried_from === first.run_id));
  assert.equal(same.written.length, first.written.length);
  assert.deepEqual(verdictOf(same.dir).headline, v1.headline);
  const { SECTIONS } = await import("../../src/render/report/sections/index.js");
  const blocks = JSON.stringify(SECTIONS.verdict.build({ runs: [readRun(same.dir)], summaries: [], charts: [], generated_at: "" }));
  assert.match(blocks, new RegExp(`Answers of claude, local carried over from run ${first.run_id}`));

  const newModel = await runExperiment({ file: writeExperiment(d, experiment(testModel("tiny", 2))), runsDir: d, since: first.dir, env: SECRETS });
  assert.equal(messages(), before, "the flagship is still unchanged");
  assert.deepEqual(Object.keys(newModel.manifest.skipped_variants ?? {}), ["claude"]);
  assert.ok(newModel.written.filter((t) => t.variant === "local").every((t) => t.carried_from === undefined));
  assert.equal(verdictOf(newModel.dir).flagship[0]?.n, 2, "the carried flagship answers count for the gate and the verdict");
  assert.equal(verdictOf(newModel.dir).open_weight[0]?.n, 2);

  writeFileSync(join(d, "data/a.txt"), "The total is 13 EUR");
  const logs: string[] = [];
  const changed = await runExperiment({ file: writeExperiment(d, experiment(testModel("tiny", 1))), runsDir: d, since: first.dir, env: SECRETS, logger: { info: (m) => logs.push(m), warn() {} } });
  assert.ok(logs.some((l) => /changed since run .*: every variant runs again/.test(l)));
  assert.equal(changed.manifest.skipped_variants, undefined);
  assert.ok(messages() > before, "changed data: the flagship runs again");
});

/**
 * Open-loop levels sent from worker threads (`settings.load_workers: 2`) against fake OpenAI-compatible servers: the
 * trials stored are the plan's, each once, with their scheduled offset, send lateness and rate; the achieved send rate
 * stays near the asked one; the API key reaches the workers' requests and no stored file; a saturated search level
 * stops every worker and stores the rest as not sent; a stopped run resumes without losing or repeating a trial.
 * Worker threads start from the sources here, through tsx's loader (src/run/workers/spawn.ts); the last test runs the
 * built CLI (dist/, as `npm test`'s pretest builds it) with plain node, the packaged path.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { summarizeRun } from "../../src/analyse/summary.js";
import { planExperiment } from "../../src/plan/plan.js";
import { validateFile } from "../../src/validate/validate.js";
import { shards, split } from "../../src/run/workers/pool.js";
import { loadWorkers, openLoopSender } from "../../src/run/workers/choose.js";
import { runOpenLoopGroup } from "../../src/run/open-loop.js";
import type { Trial } from "../../src/store/trial.js";
import type { ExperimentInput } from "../../src/validate/schema.js";
import { startFakeOpenAIServer } from "../fakes/fake-openai-server.js";
import { startSlotsServer } from "../fakes/fake-slots-server.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";

const KEY = "sk-worker-test-3f9c1e7a";

function experiment(url: string, workload: Partial<ExperimentInput["workload"]>, extra: Partial<ExperimentInput> = {}): ExperimentInput {
  return {
    name: "workers",
    backends: { s: { type: "openai", base_url: url, api_key_env: "TB_WORKER_KEY" } },
    variants: [{ id: "v", backend: "s", model: "ok", format: "gguf" }],
    workload: { prompts: [{ id: "hi", text: "Say hi." }], max_tokens: 4, warmup: 0, repetitions: 1, ...workload },
    settings: { request_timeout_s: 30, load_workers: 2 },
    ...extra,
  };
}

const env = { TB_WORKER_KEY: KEY };
const sendRate = (ts: Trial[]) => (ts.length - 1) / (((ts[ts.length - 1]?.sent_epoch_ms ?? 0) - (ts[0]?.sent_epoch_ms ?? 0)) / 1000);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

test("shares: round-robin in schedule order, caps split evenly", () => {
  assert.deepEqual(shards([0, 1, 2, 3, 4, 5, 6], 3), [[0, 3, 6], [1, 4], [2, 5]]);
  assert.deepEqual(split(5, 2), [3, 2]);
  assert.deepEqual(split(1, 3), [1, 0, 0]);
});

test("settings.load_workers: 1 by default, auto = one per core, bad values placed; the embedded engine stays in the run's thread", () => {
  const d = tempDir();
  const ok = validateFile(writeExperiment(d, experiment("http://127.0.0.1:9/v1", { load: [{ rate: 1, requests: 2 }] }, { settings: {} })));
  assert.ok(ok.ok);
  assert.equal(ok.experiment.settings.load_workers, 1);
  assert.ok(loadWorkers("auto") >= 1);
  const bad = validateFile(writeExperiment(d, experiment("http://127.0.0.1:9/v1", { load: [{ rate: 1, requests: 2 }] }, { settings: { load_workers: 0 } }), "bad.yaml"));
  assert.ok(!bad.ok);
  assert.ok(bad.problems.some((p) => p.field === "settings.load_workers" && p.line > 1), JSON.stringify(bad.problems));
  const embedded = validateFile(
    writeExperiment(
      d,
      {
        name: "embedded",
        backends: { e: { type: "llama-cpp" } },
        variants: [{ id: "m", backend: "e", model: "m.gguf", format: "gguf" }],
        workload: { prompts: [{ id: "hi", text: "hi" }], max_tokens: 2, load: [{ rate: 1, requests: 2, max_concurrency: 2 }] },
        settings: { load_workers: 4 },
      },
      "embedded.yaml",
    ),
  );
  assert.ok(embedded.ok, JSON.stringify(!embedded.ok && embedded.problems));
  const lines: string[] = [];
  const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
  const open = { maxConcurrency: 2, maxPromptChars: 2, maxTokens: 2, ignoreEos: false };
  const variant = embedded.experiment.variants[0]!;
  const sender = openLoopSender(embedded.experiment, variant, { baseDir: d, logger }, open, logger);
  assert.equal(sender, runOpenLoopGroup);
  assert.ok(lines.some((l) => l.includes("embedded llama-cpp engine runs in the run's own thread")), lines.join("\n"));
});

test("2 workers, constant 40 req/s: the plan's trials once each, timed, near the asked rate; the key reaches the server and no file", async () => {
  const fake = await startFakeOpenAIServer({ tokens: 3, gapMs: 2 });
  try {
    const d = tempDir();
    const file = writeExperiment(d, experiment(fake.url, { load: [{ rate: 40, arrivals: "constant", requests: 80 }] }));
    const v = validateFile(file);
    assert.ok(v.ok);
    const plan = new Map(planExperiment(v.experiment).flatMap((g) => g.trials.map((t) => [t.key, t.scheduled_ms] as const)));
    const lines: string[] = [];
    const r = await runExperiment({ file, runsDir: join(d, "runs"), env, logger: { info: (m) => lines.push(m), warn: (m) => lines.push(m) } });
    assert.equal(r.status, "complete");
    assert.ok(lines.some((l) => l.includes("2 worker threads")), lines.join("\n"));
    assert.ok(!lines.some((l) => l.includes("load worker")), lines.join("\n"));
    const all = readRun(r.dir).trials;
    assert.deepEqual(all.map((t) => t.trial).sort(), [...plan.keys()].sort(), "every planned trial, none repeated");
    const stored = all.filter((t) => t.rate !== undefined);
    assert.equal(stored.length, 80);
    for (const t of stored) {
      assert.equal(t.error, null, t.error?.message);
      assert.equal(t.rate, 40);
      assert.equal(t.scheduled_ms, plan.get(t.trial));
      assert.equal(typeof t.send_lateness_ms, "number");
      assert.ok(t.in_flight >= 1);
      assert.equal(t.output_tokens.server, 3);
    }
    const ts = [...stored].sort((a, b) => a.sent_epoch_ms - b.sent_epoch_ms);
    // one clock for both threads: each send is its due time on the level's shared time zero plus its lateness
    const t0 = (ts[0]?.sent_epoch_ms ?? 0) - (ts[0]?.scheduled_ms ?? 0) - (ts[0]?.send_lateness_ms ?? 0);
    for (const t of ts) assert.ok(Math.abs(t.sent_epoch_ms - (t0 + (t.scheduled_ms ?? 0) + (t.send_lateness_ms ?? 0))) < 0.01);
    const achieved = sendRate(ts);
    assert.ok(Math.abs(achieved / 40 - 1) < 0.05, `achieved ${achieved} req/s`);
    assert.deepEqual([...fake.authorizations], [`Bearer ${KEY}`], "the workers' requests carried the key");
    const hosts = r.manifest.egress.reduce((n, e) => n + e.requests, 0);
    assert.ok(hosts >= 80, `egress counts the workers' requests: ${hosts}`);
    for (const f of filesUnder(r.dir)) assert.ok(!readFileSync(f, "latin1").includes(KEY), `${f} holds the API key`);
  } finally {
    await fake.close();
  }
});

test("2 workers in a search: a saturated level stops every worker; each planned request stored once, the rest not sent", async () => {
  const server = await startSlotsServer({ slots: 1, prefillMs: 20, tokenMs: 10, tokens: 2 });
  try {
    const d = tempDir();
    const file = writeExperiment(
      d,
      experiment(server.url, { sweep: { rates: [15, 60], arrivals: "constant", requests: 40, search: true, refine: 0 } }, { slo: { ttft_ms: 100 } }),
    );
    const lines: string[] = [];
    const r = await runExperiment({ file, runsDir: join(d, "runs"), env, logger: { info: (m) => lines.push(m), warn: (m) => lines.push(m) } });
    assert.equal(r.status, "complete");
    assert.ok(lines.some((l) => l.includes("open-loop level constant@60: sending from 2 worker threads")), lines.join("\n"));
    const stored = readRun(r.dir).trials;
    const keys = stored.map((t) => t.trial);
    assert.equal(new Set(keys).size, keys.length, "no trial stored twice");
    const cap = summarizeRun(readRun(r.dir)).capacity?.[0];
    assert.ok(cap);
    const fast = cap.levels.find((l) => l.rate === 60);
    assert.ok(fast, JSON.stringify(cap.levels.map((l) => l.rate)));
    assert.equal(fast.requests, 40, "every planned request of the level is stored, sent or not");
    assert.ok(fast.stopped_early !== null && fast.not_sent > 0, `stopped early: ${fast.stopped_early}, not sent ${fast.not_sent}`);
    const notSent = stored.filter((t) => t.rate === 60 && t.not_sent);
    assert.ok(notSent.every((t) => t.error?.message.startsWith("not sent: saturated")));
    // the cause in figures crosses from the run thread to every worker (reports word it in their language)
    assert.ok(notSent.every((t) => t.not_sent_cause?.cause.startsWith("saturated-")), JSON.stringify(notSent.map((t) => t.not_sent_cause)));
    const again = await runExperiment({ file, runsDir: join(d, "runs"), resume: "latest", env });
    assert.equal(again.written.length, 0, "a finished search sends nothing on resume");
  } finally {
    await server.close();
  }
});

test("2 workers, a level stopped midway resumes: every planned trial stored once, at its own scheduled offset", async () => {
  const fake = await startFakeOpenAIServer({ tokens: 2, gapMs: 1 });
  try {
    const d = tempDir();
    const file = writeExperiment(d, experiment(fake.url, { load: [{ rate: 40, arrivals: "poisson", requests: 60 }] }));
    const v = validateFile(file);
    assert.ok(v.ok);
    const plan = new Map(planExperiment(v.experiment).flatMap((g) => g.trials.map((t) => [t.key, t.scheduled_ms] as const)));
    const stop = new AbortController();
    let n = 0;
    const progress = { start() {}, note() {}, end() {}, trial() { if (++n === 20) stop.abort(); } };
    const first = await runExperiment({ file, runsDir: join(d, "runs"), stop: stop.signal, progress, env });
    assert.equal(first.status, "interrupted");
    assert.ok(first.written.length < plan.size);
    const second = await runExperiment({ file, runsDir: join(d, "runs"), resume: "latest", env });
    assert.equal(second.status, "complete");
    const all = readRun(second.dir).trials;
    assert.deepEqual(all.map((t) => t.trial).sort(), [...plan.keys()].sort());
    for (const t of all) assert.equal(t.scheduled_ms, plan.get(t.trial));
  } finally {
    await fake.close();
  }
});

const root = fileURLToPath(new URL("../..", import.meta.url));
const built = join(root, "dist", "run", "workers", "entry.js");

test("the built CLI (dist/, plain node, no tsx) sends a level from 2 worker threads", { skip: existsSync(built) ? false : "dist/ not built (npm run build)" }, async () => {
  const fake = await startFakeOpenAIServer({ tokens: 2, gapMs: 1 });
  try {
    const d = tempDir();
    const file = writeExperiment(d, experiment(fake.url, { load: [{ rate: 40, arrivals: "constant", requests: 20 }] }));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_OPTIONS"));
    const child = spawn(process.execPath, [join(root, "bin", "trialbook.js"), "run", file, "--runs-dir", join(d, "runs")], { cwd: d, env: { ...env, TB_WORKER_KEY: KEY }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    const code = await new Promise<number | null>((r) => child.on("close", r));
    assert.equal(code, 0, out);
    assert.match(out, /sending from 2 worker threads/);
    const [run] = readdirSync(join(d, "runs", "workers"));
    const stored = readRun(join(d, "runs", "workers", run ?? "")).trials.filter((t) => t.rate === 40);
    assert.equal(stored.length, 20);
    assert.equal(new Set(stored.map((t) => t.trial)).size, 20);
    assert.ok(stored.every((t) => t.error === null && typeof t.send_lateness_ms === "number"));
    assert.deepEqual([...fake.authorizations], [`Bearer ${KEY}`]);
  } finally {
    await fake.close();
  }
});

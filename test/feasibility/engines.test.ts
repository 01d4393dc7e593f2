/**
 * The feasibility protocol on real engines: a real llama-server plays the flagship, the embedded engine the
 * open-weight model, both on self-made models, running the shipped experiments/feasibility-demo.yaml (URL and model
 * paths swapped for the test's). Its checks test the answer's length, which the token budget decides (the models
 * generate exactly max_tokens), so each verdict is known in advance and reached by real requests:
 * feasible locally, wait for open-weight models, and not feasible yet (with the open-weight stage skipped, or forced).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { feasibilityVerdict } from "../../src/analyse/feasibility/verdict.js";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/experiments.js";
import { testModel } from "../helpers/models.js";
import { startLlamaServer, type RunningServer } from "../helpers/llama-server.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
let server: RunningServer;
let model: string;
before(async () => {
  model = testModel("small", 3);
  server = await startLlamaServer(model, { ctx: 4096 });
});
after(async () => {
  await server?.stop();
});

/** The shipped demo in a temp folder, pointed at the test's server and model, with `edit` applied to its YAML. */
function demo(edit: (doc: ReturnType<typeof parseDocument>) => void = () => {}): { dir: string; file: string } {
  const dir = tempDir();
  symlinkSync(join(root, "experiments/data"), join(dir, "data"));
  const text = readFileSync(join(root, "experiments/feasibility-demo.yaml"), "utf8").replace("http://127.0.0.1:8080/v1", server.baseUrl).replaceAll("../models/demo.gguf", model);
  const doc = parseDocument(text);
  edit(doc);
  const file = join(dir, "feasibility-demo.yaml");
  writeFileSync(file, doc.toString());
  return { dir, file };
}

test("feasibility-demo.yaml: the flagship passes, local-demo is feasible locally, the 3-token variant must wait; summary and report show it", async () => {
  const { dir, file } = demo();
  const result = await runExperiment({ file, runsDir: join(dir, "runs") });
  assert.equal(result.status, "complete");
  // 3 variants × (1 warm-up + (3 memos + 1 invoice + 2 order records) × 2 repetitions)
  assert.equal(result.written.length, 3 * (1 + 6 * 2));
  for (const t of result.written) assert.equal(t.error, null, JSON.stringify(t.error));
  const run = readRun(result.dir);
  const v = feasibilityVerdict(run.trials, run.manifest);
  assert.equal(v.verdict, "feasible-locally", v.headline);
  assert.deepEqual(run.manifest.feasibility?.verdict, { verdict: v.verdict, headline: v.headline }, "the verdict is stored with the run too");
  assert.deepEqual([...v.flagship, ...v.open_weight].map((e) => [e.variant, e.label, e.passes, e.n]), [
    ["flagship-sim", "passes", 12, 12],
    ["local-demo", "feasible locally", 12, 12],
    ["local-demo-3tok", "wait for open-weight models", 0, 12],
  ]);
  for (const t of run.trials.filter((x) => x.variant === "local-demo-3tok" && !x.warmup)) assert.equal(t.output_tokens.server, 3);
  const pdf = run.trials.find((t) => t.item === "invoice-0042.pdf" && t.variant === "flagship-sim");
  assert.ok((pdf?.prompt_tokens.server ?? 0) > 20, "the PDF's text went into the prompt");
  assert.equal(run.manifest.feasibility?.datasets["invoices"]?.classification, "confidential");
  assert.match(run.manifest.feasibility?.datasets["invoices"]?.files[0]?.sha256 ?? "", /^[0-9a-f]{64}$/);
  const local = v.open_weight[0]!;
  assert.ok((local.speed.decode_tok_s ?? 0) > 0 && (local.speed.ttft_ms ?? 0) > 0, "speed recorded as in speed trials");
  assert.equal(local.cost.currency, "USD");
  assert.ok((local.cost.total ?? 0) > 0);

  const summary = cli(["summary", result.dir]);
  assert.equal(summary.status, 0, summary.stderr);
  assert.match(summary.stdout, /VERDICT: Feasible locally on local-demo \(100%\)/);
  assert.match(summary.stdout, /local-demo-3tok\s+open-weight\s+wait for open-weight models\s+0\/12/);
  const out = join(dir, "report");
  const report = cli(["report", result.dir, "--format", "md", "--out", out]);
  assert.equal(report.status, 0, report.stderr);
  const md = readFileSync(join(out, `${result.run_id}.md`), "utf8");
  const verdictAt = md.indexOf("## Verdict");
  assert.ok(verdictAt > md.indexOf("## Summary") && verdictAt < md.indexOf("## Methodology"), "the verdict comes right after the summary");
  assert.match(md, /\*\*Feasible locally on local-demo \(100%\); threshold 80% on every task\.\*\*/);
  assert.match(md, /invoices \(confidential, 1 file\)/);
});

test("with only the 3-token open-weight variant: wait for open-weight models", async () => {
  const { dir, file } = demo((doc) => doc.setIn(["stages", "open_weight"], ["local-demo-3tok"]));
  const result = await runExperiment({ file, runsDir: join(dir, "runs") });
  const run = readRun(result.dir);
  const v = feasibilityVerdict(run.trials, run.manifest);
  assert.equal(v.verdict, "wait-for-open-weight", v.headline);
  assert.equal(v.open_weight[0]?.paired?.only_reference, 12);
  assert.ok((v.open_weight[0]?.paired?.p_value ?? 1) < 0.001);
});

test("a flagship with a 3-token budget fails: not feasible yet, the open-weight stage is skipped — unless forced", async () => {
  const { dir, file } = demo((doc) => doc.setIn(["variants", 0, "max_tokens"], 3));
  const result = await runExperiment({ file, runsDir: join(dir, "runs") });
  assert.equal(result.status, "complete");
  assert.deepEqual([...new Set(result.written.map((t) => t.variant))], ["flagship-sim"], "no open-weight request was sent");
  const run = readRun(result.dir);
  const v = feasibilityVerdict(run.trials, run.manifest);
  assert.equal(v.verdict, "not-feasible-yet");
  assert.match(v.headline, /^Not feasible yet — even the flagship fails; freeze and wait for better models\./);
  assert.match(v.skipped_stage ?? "", /no flagship variant reached the threshold/);
  assert.deepEqual(v.open_weight.map((e) => e.label), ["not run", "not run"]);

  const forced = demo((doc) => {
    doc.setIn(["variants", 0, "max_tokens"], 3);
    doc.setIn(["stages", "force_open_weight"], true);
  });
  const r2 = await runExperiment({ file: forced.file, runsDir: join(forced.dir, "runs") });
  const run2 = readRun(r2.dir);
  const v2 = feasibilityVerdict(run2.trials, run2.manifest);
  assert.equal(v2.skipped_stage, null);
  assert.equal(v2.flagship[0]?.label, "fails");
  assert.equal(v2.open_weight[0]?.label, "feasible locally", "forced: the open-weight evidence is reported as measured");
});

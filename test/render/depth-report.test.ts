/**
 * Golden reports of a context-depth run (`workload.depth`): the Context depth section (a table per variant, the
 * slowdown in words, the definitions) and the depth chart's vega-lite spec, in English and Japanese. Built from the
 * golden fixture's manifest with hand-made depth trials (fixed figures, no timing).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeReport } from "../../src/render/report/write.js";
import { tempDir } from "../helpers/experiments.js";
import { assertGolden } from "../helpers/golden.js";
import { cli } from "../helpers/cli.js";

const golden = fileURLToPath(new URL("../fixtures/runs/golden", import.meta.url));
const out = fileURLToPath(new URL("../output/report", import.meta.url));
const AT = "2026-01-02T03:04:05.000Z";

/** One request: `depth` tokens of filler (undefined: the concurrency-1 level), the server's prompt and decode rates. */
function trial(depth: number | undefined, i: number, ttft: number, prefill: number, tpot: number) {
  const n = 8;
  const prompt = (depth ?? 0) + 50;
  const chunks = Array.from({ length: n }, (_, k) => ({ t_ms: ttft + k * tpot, tokens: 1, kind: "answer" }));
  return {
    trial: depth === undefined ? `v/p/c1/r${i}` : `v/p/d${depth}/c1/r${i}`, variant: "v", prompt: "p", repetition: i, warmup: false, concurrency: 1, in_flight: 1, session: 0,
    started_at: `2026-01-01T00:00:0${i + 1}.000Z`, sent_epoch_ms: 1000 * (i + 1), first_byte_ms: ttft - 1, ttft_ms: ttft, ttft_answer_ms: ttft, e2e_ms: ttft + (n - 1) * tpot, end_ms: ttft + (n - 1) * tpot + 5,
    chunks, output_tokens: { client: n, server: n }, reasoning_tokens: 0, prompt_tokens: { client: null, server: prompt }, prompt_cached_tokens: 0, finish_reason: "length",
    server: { timings: { prompt_n: prompt, cache_n: 0, prompt_per_second: prefill, predicted_per_second: 1000 / tpot, predicted_n: n } },
    output: "ok", reasoning: null, error: null, ...(depth === undefined ? {} : { depth, prompt_nonce: `0000000${i}` }),
  };
}

function depthRun(runId = "20260101-000000-depth", slower = 1): string {
  const dir = join(tempDir(), runId);
  cpSync(golden, dir, { recursive: true });
  const spread = [0.98, 1.0, 1.03];
  const trials = [
    ...spread.map((s, i) => trial(undefined, i, 60 * s, 900 * s, 20 / s)),
    ...spread.map((s, i) => trial(1024, i, 1300 * s, 800 * s, 24 / s)),
    ...spread.map((s, i) => trial(4096, i, 6500 * s * slower, (640 * s) / slower, (31 / s) * slower)),
  ];
  writeFileSync(join(dir, "trials.jsonl"), `${trials.map((t) => JSON.stringify(t)).join("\n")}\n`);
  const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { run_id: string };
  m.run_id = runId;
  const yaml = readFileSync(join(dir, "experiment.yaml"), "utf8");
  writeFileSync(join(dir, "experiment.yaml"), yaml.replace("  repetitions: 4\n", "  repetitions: 4\n  depth: [0, 1024, 4096]\n"));
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(m, null, 2));
  return dir;
}

test("golden: the Context depth section and chart of a depth run, in English and Japanese", async () => {
  const run = depthRun();
  for (const language of ["en", "ja"] as const) {
    const dir = tempDir();
    const { base } = await writeReport([run], { formats: ["md"], out: dir, generatedAt: AT, language });
    const md = readFileSync(`${base}.md`, "utf8");
    assert.match(md, language === "en" ? /context depths: 0, 1,024, 4,096 tokens of filler before each prompt/ : /コンテキストの深さ：各プロンプトの前に0、1,024、4,096トークン/);
    const section = md.slice(md.indexOf(language === "en" ? "## Context depth" : "## コンテキストの深さ"));
    assert.ok(section.length > 100, md.slice(0, 400));
    assertGolden(join(out, `depth-${language}.md`), section.slice(0, section.indexOf("\n## ", 5) + 1 || undefined));
    if (language === "en") assertGolden(join(out, "specs", "depth-curve-depth.vl.json"), readFileSync(join(`${base}.charts`, "depth-curve.vl.json"), "utf8"));
  }
});

test("summary shows the depth table (and --json a depth list); compare says the change per depth, --json stays a list; export writes depth.csv", () => {
  const a = depthRun();
  const b = depthRun("20260102-000000-deep", 1.5);
  const text = cli(["summary", a]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Context depth\n\nvariant +prompt +depth \(tokens\)/);
  assert.match(text.stdout, /v +p +4096 +4146 +642\.1 \[\d+\.\d–\d+\.\d\] \(server\)/);
  const json = JSON.parse(cli(["summary", a, "--json"]).stdout) as { depth?: Array<{ depth: number }>; levels: unknown[] };
  assert.deepEqual(json.depth?.map((r) => r.depth), [0, 1024, 4096]);
  const c = cli(["compare", a, b]);
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, /Context depth \(B ÷ A, 95% CI\):\nv at depth 0: prefill ×1\.00 .*no significant change/);
  assert.match(c.stdout, /v at depth 4,096: prefill ×0\.67 \(0\.\d+–0\.\d+\) slower, decode ×0\.67 \(0\.\d+–0\.\d+\) slower/);
  assert.ok(Array.isArray(JSON.parse(cli(["compare", a, b, "--json"]).stdout)), "compare --json is still the list of metric changes");
  const out = tempDir();
  assert.equal(cli(["export", a, "--out", out]).status, 0);
  const csv = readFileSync(join(out, "depth.csv"), "utf8").trim().split("\n");
  assert.match(csv[0] ?? "", /^run_id,variant,prompt,depth,requests,errors,prompt_tokens,cached_tokens,prefill_tps_n,prefill_tps_mean,/);
  assert.equal(csv.length, 4);
});

/**
 * Prompt sources in the experiment file: exactly one source per entry, and data files that cannot be read are
 * positioned problems on the `file:` field (FILE:LINE:COL), naming the bad record's line in the data file; `run` and
 * `check` stop with exit 2 before anything is written.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateFile } from "../../src/validate/validate.js";
import { formatProblem } from "../../src/validate/problem.js";
import { cli } from "../helpers/cli.js";
import { tempDirWith, writeExperiment } from "../helpers/experiments.js";

function problems(prompt: Record<string, unknown>, files: Record<string, string> = {}, extra: Record<string, unknown> = {}): { lines: string[]; dir: string; file: string } {
  const dir = tempDirWith(files);
  const file = writeExperiment(dir, {
    name: "sources",
    backends: { b: { type: "llama-cpp" } },
    variants: [{ id: "v", backend: "b", model: "m.gguf", format: "gguf" }],
    workload: { prompts: [{ id: "p", ...prompt } as never], max_tokens: 4 },
    ...extra,
  });
  const r = validateFile(file);
  return { lines: r.ok ? [] : r.problems.map(formatProblem), dir, file };
}

const at = (lines: string[], re: RegExp) => assert.ok(lines.some((l) => re.test(l)), lines.join("\n") || "(valid)");

test("valid sources validate: JSONL, ShareGPT, CSV with a column, a dataset, length distributions", () => {
  const files = { "d/p.jsonl": `{"prompt": "a"}\n`, "d/s.json": `[{"conversations": [{"from": "human", "value": "q"}]}]`, "d/p.csv": `q\n"x, y"\n`, "docs/a.txt": "A memo." };
  for (const prompt of [
    { file: "d/p.jsonl", sample: 5 },
    { file: "d/s.json" },
    { file: "d/p.csv", column: "q", output_tokens: { mean: 64, sd: 8 } },
    { from_dataset: "docs" },
    { input_tokens: { mean: 512, sd: 128, min: 64, max: 1024 }, output_tokens: 128 },
    { input_tokens: 256 },
  ]) {
    const extra = "from_dataset" in prompt ? { datasets: { docs: { files: ["docs/*.txt"], classification: "public" } } } : {};
    assert.deepEqual(problems(prompt, files, extra).lines, [], JSON.stringify(prompt));
  }
});

test("a bad record: the problem sits on the file: field and names the data file's line", () => {
  const { lines, file } = problems({ file: "data.jsonl" }, { "data.jsonl": `{"prompt": "a"}\n{"prompt": "b"}\n\n{"prompt": "c"}\n{"prompt": "d"}\n{"prompt": "e"}\n{"prompt": "f"\n` });
  const yaml = readFileSync(file, "utf8").split("\n");
  const row = yaml.findIndex((l) => l.includes("file: data.jsonl"));
  const col = (yaml[row] ?? "").indexOf("data.jsonl") + 1;
  at(lines, new RegExp(`experiment\\.yaml:${row + 1}:${col} {2}workload\\.prompts\\[0\\]\\.file {2}data\\.jsonl line 7: not JSON`));
});

test("a missing file, a CSV without the column, an unknown extension, a file of skipped conversations", () => {
  at(problems({ file: "nope.jsonl" }).lines, /workload\.prompts\[0\]\.file {2}nope\.jsonl: no such file \(relative to /);
  at(problems({ file: "p.csv", column: "question" }, { "p.csv": "prompt\nx\n" }).lines, /p\.csv line 1: has no column "question"; columns: prompt/);
  at(problems({ file: "p.txt" }, { "p.txt": "x" }).lines, /p\.txt: cannot tell its format from the extension; set format: jsonl, sharegpt, csv/);
  at(problems({ file: "s.json" }, { "s.json": `[{"conversations": [{"from": "gpt", "value": "x"}]}]` }).lines, /s\.json holds no prompt to send \(1 skipped, the first at line 1/);
  at(problems({ file: "p.jsonl", column: "x" }, { "p.jsonl": `{"prompt": "a"}` }).lines, /column {2}is for CSV files/);
});

test("exactly one source per entry; fields that go with a source; length bounds in order; declared datasets", () => {
  at(problems({ text: "a", file: "p.jsonl" }, { "p.jsonl": `{"prompt": "a"}` }).lines, /workload\.prompts\[0\] {2}has both text and file; give one/);
  at(problems({}).lines, /needs text or synthetic_tokens \(or input_tokens, file, from_dataset\)/);
  at(problems({ text: "a", sample: 3 }).lines, /workload\.prompts\[0\]\.sample {2}goes with file or from_dataset/);
  at(problems({ input_tokens: { mean: 100, min: 200, max: 50 } }).lines, /input_tokens\.min {2}is 200, above max 50/);
  at(problems({ text: "a", output_tokens: { mean: 900, max: 500 } }).lines, /output_tokens\.mean {2}is 900, outside \[1, 500\]/);
  at(problems({ from_dataset: "dcos" }, {}, { datasets: { docs: { files: ["*.txt"], classification: "public" } } }).lines, /from_dataset {2}names dataset "dcos", which is not declared \(did you mean "docs"\?\)/);
  at(problems({ text: "a" }, {}, { datasets: { docs: { files: ["*.txt"], classification: "public" } } }).lines, /datasets {2}belongs to kind: feasibility/);
});

test("a confidential dataset is never sent to a remote backend, as in feasibility experiments", () => {
  const dir = tempDirWith({ "docs/a.txt": "A memo." });
  const file = writeExperiment(dir, {
    name: "sources",
    backends: { local: { type: "llama-cpp" }, far: { type: "openai", base_url: "https://api.example.com/v1" } },
    variants: [{ id: "v", backend: "local", model: "m.gguf", format: "gguf" }, { id: "api", backend: "far", model: "m", format: "other" }],
    datasets: { docs: { files: ["docs/*.txt"], classification: "confidential" } },
    workload: { prompts: [{ id: "p", from_dataset: "docs" }], max_tokens: 4 },
  });
  const r = validateFile(file);
  const lines = r.ok ? [] : r.problems.map(formatProblem);
  at(lines, /workload\.prompts\[0\]\.from_dataset {2}would send confidential dataset "docs" to variant "api" on backend "far" at https:\/\/api\.example\.com/);
  assert.equal(lines.length, 1, lines.join("\n"));
});

test("run and check: an unreadable data file is exit 2 with FILE:LINE:COL and the record's line; nothing is written", () => {
  const { dir, file } = problems({ file: "data/p.jsonl" }, { "data/p.jsonl": `{"prompt": "a"}\n{"prompt": 3}\n` });
  const r = cli(["run", file, "--runs-dir", join(dir, "runs"), "--quiet"]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /experiment\.yaml:\d+:\d+ {2}workload\.prompts\[0\]\.file {2}data\/p\.jsonl line 2: needs "prompt" \(a string\) or "messages"/);
  assert.ok(!existsSync(join(dir, "runs")), "nothing written");
  const c = cli(["check", file]);
  assert.equal(c.status, 2);
  assert.match(c.stdout + c.stderr, /data\/p\.jsonl line 2/);
  const v = cli(["validate", file]);
  assert.equal(v.status, 2);
});

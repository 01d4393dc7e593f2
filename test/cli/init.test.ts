/**
 * `trialbook init` against servers on free ports: the FAKE Ollama (test/fakes/fake-ollama-server.ts), the FAKE LM Studio
 * listings (test/fakes/fake-lmstudio-listings.ts, REST API v0 and v1) and a real llama-server on a self-made model. The
 * written experiment validates, names the served models as the servers list them, and runs (llama-server). Only the
 * URLs given are probed (--no-scan): whatever else listens on this machine's usual ports stays out of the test.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { tempDir } from "../helpers/experiments.js";
import { testModel } from "../helpers/models.js";
import { startLlamaServer, type RunningServer } from "../helpers/llama-server.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama-server.js";
import { startFakeLmStudio, type FakeLmStudio } from "../fakes/fake-lmstudio-listings.js";
import { probeServer } from "../../src/discover/probe.js";
import type { ExperimentInput } from "../../src/validate/schema.js";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const tsx = import.meta.resolve("tsx");

/** The CLI as a child process, awaited without blocking this process (the fakes answer from here). */
function cli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", tsx, main, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}
const read = (file: string) => parse(readFileSync(file, "utf8")) as ExperimentInput & { variants: Array<Record<string, string>>; backends: Record<string, Record<string, string>> };

let ollama: FakeOllama;
let lmV0: FakeLmStudio;
let lmV1: FakeLmStudio;
before(async () => {
  [ollama, lmV0, lmV1] = await Promise.all([startFakeOllama({ thinking: 0, answer: 3, ttftMs: 1, gapMs: 1 }), startFakeLmStudio(), startFakeLmStudio({ api: "v1" })]);
});
after(async () => {
  await Promise.all([ollama.close(), lmV0.close(), lmV1.close()]);
});

test("probe: what Ollama and LM Studio (REST v0 and v1) say about their models", async () => {
  const o = await probeServer(ollama.host);
  assert.deepEqual(o?.models, [{ name: "gpt-oss:20b", format: "gguf", quantization: "MXFP4", parameters: "20.9B", size_bytes: 13780173839 }]);
  const v0 = await probeServer(`${lmV0.url}/v1`);
  assert.equal(v0?.kind, "lmstudio");
  assert.equal(v0?.listed_from, "/api/v0/models");
  assert.deepEqual(v0?.models[0], { name: "openai/gpt-oss-20b", format: "mlx", quantization: "4bit" });
  assert.equal(v0?.models[2]?.not_chat, "embeddings");
  const v1 = await probeServer(lmV1.url);
  assert.equal(v1?.listed_from, "/api/v1/models");
  assert.deepEqual(v1?.models[1], { name: "qwen3-4b-instruct-2507", format: "gguf", quantization: "Q4_K_M", parameters: "4B", size_bytes: 2_500_000_000 });
  assert.equal(await probeServer("http://127.0.0.1:9", 500), null, "nothing listening: no server");
});

test("init: lists the models, writes an experiment that validates and names them; never overwrites without --force", async () => {
  const d = tempDir();
  const r = await cli(["init", ollama.host, lmV1.url, "--no-scan", "--name", "first"], d);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 +http:\/\/127\.0\.0\.1:\d+ +ollama +gpt-oss:20b +gguf +MXFP4 +20\.9B +13\.78 GB/);
  assert.match(r.stdout, /text-embedding-nomic-embed-text-v1\.5 \(embedding: not a chat model, left out\)/);
  const file = join(d, "experiments/first.yaml");
  const text = readFileSync(file, "utf8");
  assert.match(text.split("\n")[0] ?? "", /^# yaml-language-server: \$schema=.*schema\/experiment\.schema\.json$/);
  const e = read(file);
  assert.deepEqual(e.variants.map((v) => [v["backend"], v["model"], v["format"], v["quantization"]]), [
    ["ollama", "gpt-oss:20b", "gguf", "MXFP4"],
    ["lmstudio", "openai/gpt-oss-20b", "mlx", "4bit"],
    ["lmstudio", "qwen3-4b-instruct-2507", "gguf", "Q4_K_M"],
  ]);
  assert.deepEqual(e.backends["lmstudio"], { type: "openai", base_url: `${lmV1.url}/v1` });
  const v = await cli(["validate", file], d);
  assert.equal(v.status, 0, v.stderr);

  const again = await cli(["init", ollama.host, "--no-scan", "--name", "first"], d);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /exists; nothing written \(--force overwrites it\)/);
  assert.equal(readFileSync(file, "utf8"), text);
  const forced = await cli(["init", ollama.host, lmV0.url, "--no-scan", "--name", "first", "--force", "--models", "qwen3-4b-instruct-2507"], d);
  assert.equal(forced.status, 0, forced.stderr);
  assert.deepEqual(read(file).variants.map((x) => x["model"]), ["qwen3-4b-instruct-2507"]);
  assert.deepEqual(Object.keys(read(file).backends), ["lmstudio"]);
});

test("init against the fake Ollama: the written experiment runs", async () => {
  const d = tempDir();
  const r = await cli(["init", ollama.host, "--no-scan", "--name", "ollama"], d);
  assert.equal(r.status, 0, r.stderr);
  const run = await cli(["run", join(d, "experiments/ollama.yaml"), "--json", "--quiet"], d);
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { status: string; planned: number; stored: number; errors: number };
  assert.deepEqual([out.status, out.stored, out.errors], ["complete", out.planned, 0]);
});

test("init on a terminal: a numbered checklist; a wrong number is asked again", async () => {
  const d = tempDir();
  // util-linux `script` gives the CLI a pseudo-terminal; the answers are typed ahead
  const cmd = [process.execPath, "--import", tsx, main, "init", ollama.host, lmV0.url, "--no-scan", "--name", "tty"].map((a) => `'${a}'`).join(" ");
  const child = spawn("script", ["-qec", cmd, "/dev/null"], { cwd: d, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  child.stdin.end("9\n3, 1\n");
  const status = await new Promise<number | null>((resolve) => child.once("close", resolve));
  assert.equal(status, 0, out);
  assert.match(out, /Models to compare: numbers/);
  assert.match(out, /"9" is not a number from the list; try again/);
  assert.deepEqual(read(join(d, "experiments/tty.yaml")).variants.map((v) => v["model"]), ["qwen3-4b-instruct-2507", "gpt-oss:20b"]);
});

test("init: an unknown --models name, or no server at all, writes nothing", async () => {
  const d = tempDir();
  const r = await cli(["init", ollama.host, "--no-scan", "--models", "gpt-oss:21b"], d);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--models gpt-oss:21b: no server found serves it; served: gpt-oss:20b/);
  const none = await cli(["init", "http://127.0.0.1:9", "--no-scan"], d);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no model server answered \(http:\/\/127\.0\.0\.1:9\)/);
  assert.equal(existsSync(join(d, "experiments")), false);
  const ja = await cli(["init", "http://127.0.0.1:9", "--no-scan"], d, { ...process.env, TRIALBOOK_LANG: "ja" });
  assert.match(ja.stderr, /応答するモデルサーバーがありません/);
});

test("init --kind feasibility: a skeleton with a dataset folder and one task, which validates", async () => {
  const d = tempDir();
  const r = await cli(["init", ollama.host, lmV0.url, "--no-scan", "--name", "invoices", "--kind", "feasibility"], d);
  assert.equal(r.status, 0, r.stderr);
  const file = join(d, "experiments/invoices.yaml");
  const e = read(file) as ReturnType<typeof read> & { tasks: Array<{ dataset: string }>; stages: { flagship: string[]; open_weight: string[] } };
  assert.equal(e.kind, "feasibility");
  assert.ok(existsSync(join(d, "experiments/data/invoices/example.txt")));
  assert.equal(e.tasks.length, 1);
  assert.equal(e.tasks[0]?.dataset, "invoices");
  assert.deepEqual(e.stages.flagship, ["ollama-gpt-oss-20b"]);
  assert.deepEqual(e.stages.open_weight, ["lmstudio-gpt-oss-20b", "lmstudio-qwen3-4b-instruct-2507"]);
  const v = await cli(["validate", file], d);
  assert.equal(v.status, 0, v.stderr);
});

test("init against a real llama-server: the experiment names its model and runs", async () => {
  let server: RunningServer | undefined;
  try {
    server = await startLlamaServer(testModel("tiny", 5), { ctx: 2048 });
    const d = tempDir();
    const r = await cli(["init", server.url, "--no-scan", "--name", "real"], d);
    assert.equal(r.status, 0, r.stderr);
    const file = join(d, "experiments/real.yaml");
    const e = read(file);
    assert.equal(e.variants.length, 1);
    assert.equal(e.variants[0]?.["backend"], "llama-server");
    assert.equal(e.variants[0]?.["format"], "gguf");
    assert.match(e.variants[0]?.["model"] ?? "", /tiny-s5/);
    const run = await cli(["run", file, "--json", "--quiet"], d);
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { status: string; planned: number; stored: number; errors: number };
    assert.equal(out.status, "complete");
    assert.equal(out.stored, out.planned);
    assert.equal(out.errors, 0);
  } finally {
    await server?.stop();
  }
});

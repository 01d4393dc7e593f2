/**
 * `trialbook check` and the preflight of `trialbook run`: a missing GGUF file, a model its server does not serve or an
 * unset key is exit 2 naming it, before anything is written; an unreachable backend is a warning while another can run.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { startFakeOllama } from "../fakes/fake-ollama-server.js";
import { startFakeLmStudio } from "../fakes/fake-lmstudio-server.js";

const ollama = await startFakeOllama();
const lmstudio = await startFakeLmStudio();
after(() => Promise.all([ollama.close(), lmstudio.close()]));

/** Runs the CLI without blocking this process, which serves the fakes. */
function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), main, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (b: Buffer) => (stdout += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  return new Promise((r) => child.on("close", (status) => r({ status, stdout, stderr })));
}

const workload = { prompts: [{ id: "p", text: "hi" }], max_tokens: 2, warmup: 0, repetitions: 1 };

test("run: a missing GGUF file is exit 2 naming the file and the line, and no run folder is made", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "missing-gguf",
    backends: { e: { type: "llama-cpp" } },
    variants: [{ id: "v", backend: "e", model: "models/demo.gguf", format: "gguf" }],
    workload,
  });
  const r = await run(["run", file, "--runs-dir", join(d, "runs"), "--quiet"]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /experiment\.yaml:\d+:\d+ {2}variants\[0\]\.model {2}model file not found: .*models\/demo\.gguf/);
  assert.ok(!existsSync(join(d, "runs")), "nothing written");
  const c = await run(["check", file]);
  assert.equal(c.status, 2);
  assert.match(c.stdout, /model file not found/);
});

test("run and check: a model typo against Ollama is exit 2 with did-you-mean from the server's list", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "typo",
    backends: { o: { type: "ollama", host: ollama.host } },
    variants: [{ id: "v", backend: "o", model: "gpt-os:20b", format: "gguf" }],
    workload,
  });
  const r = await run(["run", file, "--runs-dir", join(d, "runs"), "--quiet"]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /variants\[0\]\.model {2}model "gpt-os:20b" is not served by backend o \(did you mean "gpt-oss:20b"\?\)/);
  assert.ok(!existsSync(join(d, "runs")));
  const c = await run(["check", file]);
  assert.equal(c.status, 2);
  assert.match(c.stdout, /did you mean "gpt-oss:20b"/);
});

test("check and run: an unreachable second backend is a warning only; the reachable one runs", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "one-down",
    backends: { o: { type: "ollama", host: ollama.host }, down: { type: "openai", base_url: "http://127.0.0.1:9/v1" } },
    variants: [
      { id: "ok", backend: "o", model: "gpt-oss:20b", format: "gguf" },
      { id: "gone", backend: "down", model: "m", format: "other" },
    ],
    workload,
  });
  const c = await run(["check", file]);
  assert.equal(c.status, 0, c.stdout + c.stderr);
  assert.match(c.stderr, /warning: backend down \(openai at http:\/\/127\.0\.0\.1:9\/v1\) is unreachable/);
  assert.match(c.stdout, /^ok: 2 variant\(s\) on 2 backend\(s\)/m);
  const r = await run(["run", file, "--runs-dir", join(d, "runs"), "--quiet"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /unreachable/);
  assert.equal(readdirSync(join(d, "runs", "one-down")).length, 1);
});

test("check: no backend answering, or an unset key variable, is exit 2", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "all-down",
    backends: { down: { type: "openai", base_url: "http://127.0.0.1:9/v1", api_key_env: "TRIALBOOK_TEST_UNSET_KEY" } },
    variants: [{ id: "v", backend: "down", model: "m", format: "other" }],
    workload,
  });
  const env = { ...process.env };
  delete env["TRIALBOOK_TEST_UNSET_KEY"];
  const c = await run(["check", file], env);
  assert.equal(c.status, 2);
  assert.match(c.stdout, /backends\.down\.api_key_env {2}environment variable TRIALBOOK_TEST_UNSET_KEY is not set/);
  assert.match(c.stdout, /no backend answers/);
});

test("check against LM Studio: a model typo is exit 2 with did-you-mean; a declared format the server contradicts is a warning", async () => {
  const d = tempDir();
  const typo = writeExperiment(d, {
    name: "lms-typo",
    backends: { lms: { type: "lmstudio", host: lmstudio.host } },
    variants: [{ id: "v", backend: "lms", model: "qwen3-8", format: "gguf" }],
    workload,
  });
  const t = await run(["check", typo]);
  assert.equal(t.status, 2);
  assert.match(t.stdout, /model "qwen3-8" is not served by backend lms \(did you mean "qwen3-8b"\?\)/);
  const wrong = writeExperiment(d, {
    name: "lms-format",
    backends: { lms: { type: "lmstudio", host: lmstudio.host } },
    variants: [{ id: "v", backend: "lms", model: "openai/gpt-oss-20b", format: "gguf", quantization: "MXFP4" }],
    workload,
  }, "format.yaml");
  const w = await run(["check", wrong]);
  assert.equal(w.status, 0, w.stdout + w.stderr);
  assert.match(w.stderr, /warning: declared format gguf, but the server reports mlx/);
  assert.match(w.stderr, /warning: declared quantization MXFP4, but the server reports 4bit/);
});

/**
 * A run killed with SIGKILL at seeded points, and resumed each time, ends with every planned trial stored exactly
 * once; Ctrl-C stops cleanly (exit 130, status "interrupted") and resumes the same way.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { cliAsync } from "../helpers/cli.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { testModel } from "../helpers/models.js";
import { readTrialsFile, TrialWriter } from "../../src/store/trials.js";
import { readManifest } from "../../src/store/manifest.js";
import { planExperiment, countTrials } from "../../src/plan/plan.js";
import { validateFile } from "../../src/validate/validate.js";
import { mulberry32 } from "../../src/shared/rng.js";
import type { Trial } from "../../src/store/trial.js";

function setup() {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "resume",
    backends: { e: { type: "llama-cpp" } },
    variants: [
      { id: "a", backend: "e", model: testModel("tiny", 1), format: "gguf" },
      { id: "b", backend: "e", model: testModel("tiny", 2), format: "gguf" },
    ],
    workload: { prompts: [{ id: "p", text: "the model" }, { id: "q", synthetic_tokens: 30 }], max_tokens: 16, ignore_eos: true, temperature: 0.8, warmup: 1, repetitions: 6, concurrency: [1, 2] },
  });
  const v = validateFile(file);
  assert.ok(v.ok);
  const keys = planExperiment(v.experiment).flatMap((g) => g.trials.map((t) => t.key));
  return { d, file, runs: join(d, "runs"), keys, planned: countTrials(planExperiment(v.experiment)) };
}

const lines = (path: string): number => (existsSync(path) ? readFileSync(path, "utf8").split("\n").length - 1 : 0);
const exited = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once("exit", (code) => r(code))));

function runDir(runs: string): string | null {
  const base = join(runs, "resume");
  if (!existsSync(base)) return null;
  const [id] = readdirSync(base);
  return id ? join(base, id) : null;
}

/** Sessions recorded in the run's manifest so far (0 before the first). */
function sessionsOf(runs: string): number {
  const dir = runDir(runs);
  try {
    return dir ? readManifest(dir).sessions.length : 0;
  } catch {
    return 0; // being written
  }
}

/**
 * Starts the runner and kills it (signal) once it has recorded its session and the store holds at least `atLeast`
 * trials (a store already past `atLeast` from the session before does not get the new one killed before it starts).
 */
async function killAt(args: string[], runs: string, atLeast: number, signal: NodeJS.Signals): Promise<number | null> {
  const before = sessionsOf(runs);
  const child = cliAsync(args);
  const done = exited(child);
  for (;;) {
    const dir = runDir(runs);
    const n = dir ? lines(join(dir, "trials.jsonl")) : 0;
    if ((n >= atLeast && sessionsOf(runs) > before) || child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill(signal);
  return done;
}

function assertExactlyOnce(trials: Trial[], keys: string[]): void {
  const seen = new Map<string, number>();
  for (const t of trials) seen.set(t.trial, (seen.get(t.trial) ?? 0) + 1);
  assert.deepEqual([...seen.entries()].filter(([, n]) => n !== 1), [], "no trial stored twice");
  assert.deepEqual(keys.filter((k) => !seen.has(k)), [], "no planned trial lost");
  assert.equal(trials.length, keys.length);
}

test("SIGKILL at 10 seeded points, resume each time: every planned trial stored exactly once", async () => {
  const { file, runs, keys, planned } = setup();
  const rand = mulberry32(2026);
  let target = 0;
  let kills = 0;
  for (let i = 0; i < 10; i++) {
    target += 1 + Math.floor(rand() * Math.max(1, (planned - target) / (10 - i)));
    const args = ["run", file, "--runs-dir", runs, "--quiet", ...(i === 0 ? [] : ["--resume", "latest"])];
    const code = await killAt(args, runs, Math.min(target, planned - 1), "SIGKILL");
    if (code === null) kills++;
    const dir = runDir(runs);
    assert.ok(dir);
    // the store always parses, whatever the moment of the kill
    const stored = readTrialsFile(join(dir, "trials.jsonl")).trials;
    assert.equal(new Set(stored.map((t) => t.trial)).size, stored.length);
  }
  assert.ok(kills >= 5, `only ${kills} of 10 runs were killed before finishing`);
  const child = cliAsync(["run", file, "--runs-dir", runs, "--quiet", "--resume", "latest"]);
  assert.equal(await exited(child), 0);
  const dir = runDir(runs);
  assert.ok(dir);
  assertExactlyOnce(readTrialsFile(join(dir, "trials.jsonl")).trials, keys);
  const m = readManifest(dir);
  assert.equal(m.status, "complete");
  assert.equal(m.sessions.length, 11);
});

test("Ctrl-C: exit 130, status interrupted, in-flight requests dropped; --resume completes the run", async () => {
  const { file, runs, keys } = setup();
  const code = await killAt(["run", file, "--runs-dir", runs], runs, 10, "SIGINT");
  assert.equal(code, 130);
  const dir = runDir(runs);
  assert.ok(dir);
  assert.equal(readManifest(dir).status, "interrupted");
  const child = cliAsync(["run", file, "--runs-dir", runs, "--quiet", "--resume", "latest"]);
  assert.equal(await exited(child), 0);
  assertExactlyOnce(readTrialsFile(join(dir, "trials.jsonl")).trials, keys);
});

test("a trial line cut short by a kill is dropped on read and cut off before the next append", async () => {
  const path = join(tempDir(), "trials.jsonl");
  const t = { trial: "a/p/c1/r0" } as Trial;
  writeFileSync(path, `${JSON.stringify(t)}\n{"trial":"a/p/c1/r1","vari`);
  assert.deepEqual(readTrialsFile(path).trials.map((x) => x.trial), ["a/p/c1/r0"]);
  assert.ok(readTrialsFile(path).partialBytes > 0);
  const w = new TrialWriter(path);
  w.append({ trial: "a/p/c1/r1" } as Trial);
  await w.close();
  assert.equal(readFileSync(path, "utf8"), `${JSON.stringify(t)}\n${JSON.stringify({ trial: "a/p/c1/r1" })}\n`);
  appendFileSync(path, "");
});

test("resuming with a changed experiment file is refused", async () => {
  const { file, runs } = setup();
  const child = cliAsync(["run", file, "--runs-dir", runs, "--quiet"]);
  await exited(child);
  appendFileSync(file, "description: changed\n");
  const again = cliAsync(["run", file, "--runs-dir", runs, "--quiet", "--resume", "latest"]);
  let err = "";
  again.stderr?.on("data", (b: Buffer) => (err += b.toString()));
  assert.equal(await exited(again), 2);
  assert.match(err, /has changed since run/);
});

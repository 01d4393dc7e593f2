/**
 * The confidentiality guard. A listening socket on 127.0.0.1 is reachable as http://0.0.0.0:PORT on Linux, an address
 * trialbook counts as remote (it is not a loopback name); a control run with surrogate data proves requests do reach
 * it that way. A confidential dataset aimed there is refused by `validate`, by `run` (exit 2, nothing written) and, if
 * it ever got past validation, by the runner before sending — and the socket sees no connection at all.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cli } from "../helpers/cli.js";
import { tempDirWith, writeExperiment } from "../helpers/experiments.js";
import { runExperiment } from "../../src/run/runner.js";
import { validateFile } from "../../src/validate/validate.js";
import { createBackend } from "../../src/backends/registry.js";
import { runFeasibilityGroup, Judges } from "../../src/run/feasibility.js";
import type { FeasibilityGroup } from "../../src/plan/feasibility.js";
import type { ExperimentInput } from "../../src/validate/schema.js";
import type { Trial } from "../../src/store/trial.js";

let listener: Server;
let port = 0;
let connections = 0;
before(async () => {
  listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((r) => listener.listen(0, "127.0.0.1", r));
  port = (listener.address() as { port: number }).port;
});
after(() => new Promise<void>((r) => listener.close(() => r())));

const settle = () => new Promise((r) => setTimeout(r, 200));

function experiment(classification: "confidential" | "surrogate", over: Partial<ExperimentInput> = {}): ExperimentInput {
  return {
    name: "guard",
    kind: "feasibility",
    backends: { far: { type: "openai", base_url: `http://0.0.0.0:${port}/v1` }, near: { type: "openai", base_url: "http://127.0.0.1:9/v1" } },
    variants: [
      { id: "remote", backend: "far", model: "m", format: "other" },
      { id: "local", backend: "near", model: "m", format: "gguf" },
    ],
    datasets: { contracts: { files: ["data/*.txt"], classification } },
    tasks: [{ id: "summary", dataset: "contracts", prompt: "Summarise: {{text}}", checks: [{ type: "regex", pattern: "." }] }],
    stages: { flagship: ["remote"], open_weight: ["local"], repetitions: 1 },
    workload: { max_tokens: 8, warmup: 0 },
    settings: { request_timeout_s: 5 },
    ...over,
  };
}

const folder = (): string => tempDirWith({ "data/contract.txt": "CONFIDENTIAL: the client's contract text" });

test("control: with surrogate data, a request to http://0.0.0.0:PORT does reach the listener", async () => {
  const d = folder();
  const before = connections;
  const result = await runExperiment({ file: writeExperiment(d, experiment("surrogate")), runsDir: join(d, "runs") });
  await settle();
  assert.ok(connections > before, "the address reaches the listening socket");
  assert.equal(result.written.find((t) => t.variant === "remote")?.error?.kind, "connection");
});

test("validate and run refuse a confidential dataset aimed at a remote backend: exit 2, named, nothing written, nothing sent", async () => {
  const d = folder();
  const file = writeExperiment(d, experiment("confidential"));
  const before = connections;
  const v = cli(["validate", file]);
  assert.equal(v.status, 2, v.stderr + v.stdout);
  const out = v.stdout + v.stderr;
  assert.match(out, /experiment\.yaml:\d+:\d+\s+tasks\[0\]\.dataset\s+task "summary" would send confidential dataset "contracts" to variant "remote" \(stage flagship\) on backend "far" at http:\/\/0\.0\.0\.0:\d+\/v1, which is remote/);
  const r = cli(["run", file, "--runs-dir", join(d, "runs")]);
  assert.equal(r.status, 2, r.stderr + r.stdout);
  assert.match(r.stdout + r.stderr, /confidential dataset "contracts"/);
  assert.equal(existsSync(join(d, "runs")), false, "nothing written");
  await settle();
  assert.equal(connections, before, "the listening socket saw no connection");
});

test("a judge counts: confidential data may not go to a remote judge either; declared local: true is accepted", () => {
  const d = folder();
  const withJudge = experiment("confidential", {
    stages: { flagship: ["local"], open_weight: ["local2"], repetitions: 1 },
    variants: [
      { id: "remote", backend: "far", model: "m", format: "other" },
      { id: "local", backend: "near", model: "m", format: "gguf" },
      { id: "local2", backend: "near", model: "m2", format: "gguf" },
    ],
    tasks: [{ id: "summary", dataset: "contracts", prompt: "Summarise: {{text}}", checks: [{ type: "judge", judge: "remote", rubric: "Is it right?" }] }],
  });
  const r = validateFile(writeExperiment(d, withJudge));
  assert.equal(r.ok, false);
  assert.match(r.ok ? "" : r.problems.map((p) => p.message).join("\n"), /variant "remote" \(judge\) on backend "far"/);
  const declared = experiment("confidential", { backends: { far: { type: "openai", base_url: `http://0.0.0.0:${port}/v1`, local: true }, near: { type: "openai", base_url: "http://127.0.0.1:9/v1" } } });
  const ok = validateFile(writeExperiment(d, declared, "declared.yaml"));
  assert.ok(ok.ok, ok.ok ? "" : ok.problems.map((p) => p.message).join("\n"));
});

test("defence in depth: the runner refuses before sending even if validation was bypassed", async () => {
  const before = connections;
  const backend = createBackend("far", { type: "openai", base_url: `http://0.0.0.0:${port}/v1`, endpoint: "chat" }, { baseDir: ".", logger: { info() {}, warn() {} } });
  assert.equal(backend.local, false);
  const variant = { id: "remote", backend: "far", model: "m", format: "other" as const };
  const session = await backend.open(variant, { maxConcurrency: 1, maxPromptChars: 100, maxTokens: 8, ignoreEos: false });
  const group: FeasibilityGroup = {
    variant, stage: "flagship", dataset: "contracts", classification: "confidential", warmup: false, concurrency: 1,
    task: { id: "summary", dataset: "contracts", per: "file", prompt: "{{text}}", checks: [{ type: "judge", judge: "remote", rubric: "r", pass_score: 0.5, max_tokens: 16 }] },
    item: { id: "contract.txt", file: "data/contract.txt", fields: { text: "CONFIDENTIAL" } },
    prompt: { id: "summary", text: "CONFIDENTIAL" },
    trials: [{ key: "remote/summary/contract.txt/r0", variant: "remote", prompt: "summary", item: "contract.txt", concurrency: 1, repetition: 0, warmup: false }],
  };
  const stored: Trial[] = [];
  const judges = new Judges([variant], new Map([["far", backend]]), 1000, 1);
  await runFeasibilityGroup(session, group, group.trials, {
    request: { model: "m", prompt: group.prompt, max_tokens: 8, ignore_eos: false, temperature: 0, seed: 1 },
    backend, timeoutMs: 1000, keepOutput: true, session: 0, stop: new AbortController().signal, baseDir: ".",
    askJudge: (c) => judges.ask(c), onTrial: (t) => stored.push(t),
  });
  await assert.rejects(judges.ask("confidential")("remote", { system: "s", text: "CONFIDENTIAL", max_tokens: 8 }), /confidential data is not sent to judge remote/);
  await judges.close();
  await backend.close();
  await settle();
  assert.equal(stored.length, 1);
  assert.equal(stored[0]?.error?.kind, "refused");
  assert.match(stored[0]?.error?.message ?? "", /nothing was sent/);
  assert.equal(stored[0]?.feasibility?.pass, false);
  assert.equal(connections, before, "the listening socket saw no connection");
});

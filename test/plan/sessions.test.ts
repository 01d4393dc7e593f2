/** Conversations in the plan: keys, one nonce per conversation, users levels, follow-ups, schema defaults and refusals. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { planExperiment, type PlanGroup } from "../../src/plan/plan.js";
import { Experiment, type ExperimentInput } from "../../src/validate/schema.js";
import { DEFAULT_FOLLOW_UP, followUp, Sessions, usersLevels } from "../../src/validate/sessions.js";
import { sessionPromptChars } from "../../src/plan/sessions.js";
import { openCapacity } from "../../src/run/load-manifest.js";

const input = (sessions: Record<string, unknown>, extra: Partial<ExperimentInput["workload"]> = {}): ExperimentInput => ({
  name: "s",
  backends: { b: { type: "openai", base_url: "http://127.0.0.1:1/v1" } },
  variants: [{ id: "v", backend: "b", model: "m", format: "gguf" }],
  workload: { prompts: [{ id: "p", text: "Hello" }], max_tokens: 8, warmup: 0, repetitions: 1, sessions: sessions as never, ...extra },
});

const sessionGroups = (groups: PlanGroup[]) => groups.filter((g) => g.sessions);

test("keys variant/prompt/u<users>/s<i>/t<turn>, conversation by conversation, after the other levels", () => {
  const e = Experiment.parse(input({ turns: 3, users: [2, 1], conversations_per_user: 1 }));
  const groups = planExperiment(e, { salt: "x" });
  assert.equal(groups[0]?.sessions, undefined, "the concurrency level first");
  const s = sessionGroups(groups);
  assert.deepEqual(s.map((g) => g.sessions?.id), ["u1", "u2"], "users levels ascending");
  assert.deepEqual(s[1]!.trials.map((t) => t.key), ["v/p/u2/s0/t1", "v/p/u2/s0/t2", "v/p/u2/s0/t3", "v/p/u2/s1/t1", "v/p/u2/s1/t2", "v/p/u2/s1/t3"]);
  assert.deepEqual(s[1]!.trials.map((t) => [t.conversation, t.turn, t.concurrency]), [[0, 1, 2], [0, 2, 2], [0, 3, 2], [1, 1, 2], [1, 2, 2], [1, 3, 2]]);
  // stable across plans with the same salt (resume plans again with a fresh salt; the runner keeps stored nonces)
  assert.deepEqual(planExperiment(e, { salt: "x" }).map((g) => g.trials.map((t) => t.key)), groups.map((g) => g.trials.map((t) => t.key)));
});

test("one nonce per conversation (bust), different between conversations; none with allow", () => {
  const e = Experiment.parse(input({ turns: 2, users: 2, conversations_per_user: 2 }));
  const g = sessionGroups(planExperiment(e, { salt: "x" }))[0]!;
  assert.equal(g.trials.length, 8, "2 users × 2 conversations each × 2 turns");
  const byConversation = new Map<number, Set<string | undefined>>();
  for (const t of g.trials) byConversation.set(t.conversation!, (byConversation.get(t.conversation!) ?? new Set()).add(t.nonce));
  assert.equal(byConversation.size, 4);
  for (const set of byConversation.values()) assert.equal(set.size, 1);
  assert.equal(new Set([...byConversation.values()].map((s) => [...s][0])).size, 4, "no two conversations share a nonce");
  const allow = Experiment.parse(input({ turns: 2 }, { prompt_cache: "allow" }));
  assert.ok(sessionGroups(planExperiment(allow)).every((g) => g.trials.every((t) => t.nonce === undefined)));
});

test("defaults, follow-ups cycled, context sized for the last turn, capacity opened for the most users", () => {
  const s = Sessions.parse({ turns: 4 });
  assert.deepEqual([s.think_time_s, s.users, s.conversations_per_user], [0, 1, 1]);
  assert.equal(followUp(s, 2), DEFAULT_FOLLOW_UP);
  const f = Sessions.parse({ turns: 5, follow_ups: ["a", "b"] });
  assert.deepEqual([2, 3, 4, 5].map((t) => followUp(f, t)), ["a", "b", "a", "b"]);
  assert.deepEqual(usersLevels(Sessions.parse({ turns: 1, users: [4, 1, 4] })), [1, 4]);
  assert.ok(sessionPromptChars(f, { id: "p", text: "Hello" }, 100) >= 5 + 4 * 200, "room for four answers of 100 tokens");
  assert.equal(openCapacity(Experiment.parse(input({ turns: 2, users: [1, 6] }))), 6);
});

test("refused: no turns, zero users, negative think time, unknown fields", () => {
  for (const bad of [{}, { turns: 0 }, { turns: 2, users: 0 }, { turns: 2, users: [] }, { turns: 2, think_time_s: -1 }, { turns: 2, follow_ups: [] }, { turns: 2, user: 2 }]) {
    assert.equal(Sessions.safeParse(bad).success, false, JSON.stringify(bad));
  }
});

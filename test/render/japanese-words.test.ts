/**
 * trialbook's own sentences in a Japanese report, from facts stored in figures: a declared quantization the server
 * contradicts, requests never sent (their level stopped early, or their conversation ended by a failed turn), and the
 * embedded engine's address. Runs made before those figures were stored keep their stored English words.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeReport } from "../../src/render/report/write.js";
import { errorColumns, notSentReason } from "../../src/render/not-sent-text.js";
import { backendAddress } from "../../src/render/backend-address.js";
import { contradictionText } from "../../src/shared/contradiction.js";
import { words } from "../../src/shared/i18n/catalogue.js";
import type { Trial } from "../../src/store/trial.js";
import { tempDir } from "../helpers/experiments.js";
import { golden } from "./japanese-run.js";

const AT = "2026-01-02T03:04:05.000Z";
const RISING = "not sent: saturated: latency rising through the level (median 16 ms in its first third, 575 ms in its last)";

function unsent(i: number, withCause: boolean): Trial {
  const t = JSON.parse(readFileSync(join(golden, "trials.jsonl"), "utf8").split("\n")[1]!) as Trial;
  return {
    ...t,
    trial: `v/p/poisson@8/r${i}`,
    repetition: i,
    rate: 8,
    scheduled_ms: i * 125,
    first_byte_ms: null,
    ttft_ms: null,
    ttft_answer_ms: null,
    e2e_ms: null,
    end_ms: null,
    chunks: [],
    output: null,
    server: null,
    error: { kind: "aborted", message: RISING },
    not_sent: true,
    ...(withCause ? { not_sent_cause: { cause: "saturated-rising" as const, first_ms: 16, last_ms: 575 } } : {}),
  };
}

/** The golden fixture run on the embedded engine, with a contradicted quantization and two unsent requests. */
function run(stored: "figures" | "old"): string {
  const dir = join(tempDir(), "20260501-000000-words");
  cpSync(golden, dir, { recursive: true });
  const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { run_id: string; backends: Record<string, Record<string, unknown>>; variants: Record<string, Record<string, unknown>> };
  m.run_id = "20260501-000000-words";
  m.backends["s"] = { ...m.backends["s"], url: "embedded (threads 1, gpu none)", ...(stored === "figures" ? { embedded: { threads: 1, gpu: null } } : {}) };
  m.variants["v"] = {
    ...m.variants["v"],
    contradictions: ["declared quantization Q4_K_M, but the server reports Q8_0"],
    ...(stored === "figures" ? { contradicted: [{ field: "quantization", declared: "Q4_K_M", reported: "Q8_0" }] } : {}),
  };
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(m, null, 2));
  appendFileSync(join(dir, "trials.jsonl"), [unsent(0, stored === "figures"), unsent(1, stored === "figures")].map((t) => `${JSON.stringify(t)}\n`).join(""));
  return dir;
}

/** The report's Markdown up to the appendix (which quotes the stored manifest as it is). */
const report = async (dir: string, language: "en" | "ja") => {
  const { base } = await writeReport([dir], { formats: ["md"], out: join(tempDir(), language), generatedAt: AT, language });
  const md = readFileSync(`${base}.md`, "utf8");
  const appendix = md.search(/^## (?:付録|Appendix)$/m);
  assert.ok(appendix > 0);
  return md.slice(0, appendix);
};

test("a Japanese report words contradictions, unsent requests and the embedded engine in Japanese", async () => {
  const md = await report(run("figures"), "ja");
  assert.match(md, /v：量子化は Q4_K_M と申告されていますが、サーバーは Q8_0 と報告しています/);
  assert.doesNotMatch(md, /declared quantization/);
  assert.match(md, /\| 組み込み（スレッド 1、GPU なし） \|/);
  assert.doesNotMatch(md, /embedded \(threads/);
  assert.match(md, /\| v\/p\/poisson\\@8\/r0 +\| 未送信 +\| 飽和：レベルの中で応答時間が上がり続けた（中央値は最初の3分の1で 16 ミリ秒、最後の3分の1で 575 ミリ秒） +\|/);
  assert.doesNotMatch(md, /not sent|aborted|latency rising/);
  assert.match(md, /送信しなかったリクエスト：2 件/);
  assert.match(md, /失敗したリクエスト 1 件/, "the fixture's one failed request; a request never sent is not a failed one");
});

test("the English report says the same in English; a run stored before the figures keeps its stored sentences", async () => {
  const en = await report(run("figures"), "en");
  assert.match(en, /v: declared quantization Q4_K_M, but the server reports Q8_0/);
  assert.match(en, /\| embedded \(threads 1, gpu none\) \|/);
  assert.match(en, /\| not sent +\| saturated: latency rising through the level \(median 16 ms in its first third, 575 ms in its last\) +\|/);
  assert.match(en, /2 request\(s\) not sent/);
  const old = await report(run("old"), "ja");
  assert.match(old, /v：量子化は Q4_K_M と申告されていますが、サーバーは Q8_0 と報告しています/, "an old run's contradiction read back from its sentence");
  assert.match(old, /\| 組み込み（スレッド 1、GPU なし） \|/, "an old run's embedded address is read from its stored words");
  assert.match(old, /\| 未送信 +\| not sent: saturated: latency rising/, "an old run's unsent reason as stored, its kind in words");
});

test("every not-sent cause and contradiction has words in both languages", () => {
  for (const lang of ["en", "ja"] as const) {
    const causes = [
      notSentReason({ cause: "saturated-unreachable", missed: 4, planned: 30, goodput: 0.9 }, lang),
      notSentReason({ cause: "saturated-rising", first_ms: null, last_ms: 575 }, lang),
      notSentReason({ cause: "turn-failed", turn: 2 }, lang),
      notSentReason({ cause: "turn-without-answer", turn: 1 }, lang),
      contradictionText({ field: "format", declared: "mlx", reported: "gguf" }, lang),
    ];
    for (const c of causes) assert.ok(c.length > 0 && !c.includes("undefined"), c);
    if (lang === "ja") for (const c of causes) assert.doesNotMatch(c, /\b(?:saturated|turn|requests?|declared|failed)\b/, c);
  }
  assert.equal(contradictionText({ field: "format", declared: "mlx", reported: "gguf" }), "declared format mlx, but the server reports gguf", "the stored English sentence is unchanged");
  assert.equal(notSentReason({ cause: "saturated-unreachable", missed: 4, planned: 30, goodput: 0.9 }, "ja"), "飽和：30 件中 4 件がすでにSLOを満たさず、グッドプット 0.90 で許される数を超えた");
  const failed = { error: { kind: "http" as const, message: "HTTP 500" } } as Trial;
  assert.deepEqual(errorColumns(failed, "ja"), ["http", "HTTP 500"], "a failed request keeps its kind and the server's words");
  assert.equal(backendAddress({ url: "http://127.0.0.1:8080/v1" }, words("ja")), "http://127.0.0.1:8080/v1");
  assert.equal(backendAddress({ url: "embedded (threads 4, gpu cuda)", embedded: { threads: 4, gpu: "cuda" } }, words("ja")), "組み込み（スレッド 4、GPU cuda）");
});

/**
 * A speed-run fixture in Japanese, made from the golden fixture run (test/fixtures/runs/golden): the shipped demo
 * prompt "AI for Scienceについて詳しく解説して", Japanese answers, a Japanese client and confidentiality line.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tempDir } from "../helpers/experiments.js";

export const golden = fileURLToPath(new URL("../fixtures/runs/golden", import.meta.url));
export const JA_PROMPT = "AI for Scienceについて詳しく解説して";
export const JA_ANSWER = "AI for Scienceとは、機械学習を科学研究に応用する取り組みです。創薬では候補化合物の探索を短縮します。";
export const JA_REPORT = { client: "株式会社サンプル製薬", project: "社内LLM導入評価", author: "山田 太郎", confidential: "社外秘・取扱注意" } as const;

/** Writes the fixture run under a fresh temporary folder and returns its path; `report` replaces the manifest's report facts. */
export function japaneseRun(report: Record<string, string> = { ...JA_REPORT }): string {
  const dir = join(tempDir(), "20260401-000000-ja");
  cpSync(golden, dir, { recursive: true });
  const trials = readFileSync(join(dir, "trials.jsonl"), "utf8").trim().split("\n").map((l) => {
    const t = JSON.parse(l) as { output: string | null };
    if (t.output !== null) t.output = JA_ANSWER;
    return JSON.stringify(t);
  });
  writeFileSync(join(dir, "trials.jsonl"), `${trials.join("\n")}\n`);
  writeFileSync(join(dir, "experiment.yaml"), readFileSync(join(dir, "experiment.yaml"), "utf8").replace("Explain AI for Science in detail.", JA_PROMPT));
  const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Record<string, unknown>;
  m["run_id"] = "20260401-000000-ja";
  m["report"] = report;
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(m, null, 2));
  return dir;
}

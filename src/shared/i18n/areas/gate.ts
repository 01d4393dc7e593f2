/** CI gates (`--fail-on`): what the CLI says when a gate trips or passes. */
import type { Area } from "../types.js";

const en = {
  tripped: (gate: string, n: number, total: number, list: string) => `fail-on ${gate}: ${n} of ${total} comparisons changed beyond the noise — exit 3\n${list}`,
  passed: (gate: string, total: number) => `fail-on ${gate}: none of ${total} comparisons changed beyond the noise`,
  nothingCompared: (gate: string) => `fail-on ${gate}: the two runs share no variant × prompt × concurrency cell; nothing was compared, nothing gated`,
  row: (cell: string, metric: string, ratio: string, ci: string, change: string) => `  ${cell}  ${metric}  B/A ${ratio} (95% CI ${ci})  ${change}`,
  notFeasible: (verdict: string) => `fail-on not-feasible: ${verdict} — exit 3`,
  feasible: "fail-on not-feasible: feasible locally",
  needsFeasibility: (file: string) => `--fail-on not-feasible needs a feasibility experiment (kind: feasibility); ${file} is a speed experiment`,
};

export const gate: Area<typeof en> = {
  en,
  ja: {
    tripped: (gate, n, total, list) => `fail-on ${gate}: ${total} 件の比較のうち ${n} 件がノイズを超えて変化しました — 終了コード 3\n${list}`,
    passed: (gate, total) => `fail-on ${gate}: ${total} 件の比較のいずれもノイズを超える変化はありません`,
    nothingCompared: (gate) => `fail-on ${gate}: 二つの実行に共通するバリアント × プロンプト × 同時実行数のセルがありません。比較も判定も行っていません`,
    row: (cell, metric, ratio, ci, change) => `  ${cell}  ${metric}  B/A ${ratio}（95% 信頼区間 ${ci}）  ${change}`,
    notFeasible: (verdict) => `fail-on not-feasible: ${verdict} — 終了コード 3`,
    feasible: "fail-on not-feasible: ローカルで実行可能",
    needsFeasibility: (file) => `--fail-on not-feasible は実現可能性の実験（kind: feasibility）にのみ使えます。${file} は速度の実験です`,
  },
};

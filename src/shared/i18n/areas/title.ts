/** The title page: what was measured, for whom, when, and which runs it rests on. */
import type { Area } from "../types.js";

const en = {
  defaultTitle: (experiment: string) => `Speed trials: ${experiment}`,
  defaultTitleFeasibility: (experiment: string) => `Feasibility trials: ${experiment}`,
  client: "Client:",
  project: "Project:",
  experiment: "Experiment:",
  run: "Run:",
  runs: "Runs:",
  runFact: (id: string, date: string, status: string) => `${id} (${date}, ${status})`,
  preparedBy: "Prepared by:",
  generated: "Report generated:",
  madeWith: (version: string) => `Made with trialbook ${version}. Every figure below is computed from the raw requests stored with the run; the appendix holds the manifest.`,
  status_complete: "complete",
  status_interrupted: "interrupted",
  status_running: "running",
  status_failed: "failed",
};

export const title: Area<typeof en> = {
  en,
  ja: {
    defaultTitle: (experiment: string) => `速度計測レポート：${experiment}`,
    defaultTitleFeasibility: (experiment: string) => `実現可能性の検証レポート：${experiment}`,
    client: "クライアント：",
    project: "プロジェクト：",
    experiment: "実験：",
    run: "計測ラン：",
    runs: "計測ラン：",
    runFact: (id: string, date: string, status: string) => `${id}（${date}、${status}）`,
    preparedBy: "作成者：",
    generated: "レポート作成日時：",
    madeWith: (version: string) => `trialbook ${version} で作成。本レポートの数値はすべて、計測ランとともに保存された個々のリクエストの生データから算出しています。マニフェストは付録に収録しています。`,
    status_complete: "完了",
    status_interrupted: "中断",
    status_running: "実行中",
    status_failed: "失敗",
  },
};

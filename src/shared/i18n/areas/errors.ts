/** Errors and excluded trials: what failed, why, and what was left out of the statistics. */
import type { Area } from "../types.js";

const en = {
  heading: "Errors and excluded trials",
  runPrefix: (id: string) => `Run ${id}: `,
  warmups: (n: string) => `${n} warm-up request(s) stored and left out of the statistics.`,
  failed: (n: string) => `${n} failed request(s) left out of the statistics.`,
  mismatches: (n: string) => `${n} request(s) where the server's token count differs from trialbook's count of streamed tokens.`,
  cached: (n: string) => `${n} request(s) answered from a cached prompt (the server took at least a fifth of the prompt from its cache); they are left out of the prefill figures.`,
  spans: (n: string) => `${n} load level(s) ran across resumed sessions; their throughput is not reported.`,
  sessions: (n: string, status: string) => `${n} runner session(s); status ${status}.`,
  header: "trial|kind|message",
  more: (n: string) => `… and ${n} more (see trials.jsonl).`,
};

export const errors: Area<typeof en> = {
  en,
  ja: {
    heading: "エラーと除外したリクエスト",
    runPrefix: (id: string) => `計測ラン ${id}：`,
    warmups: (n: string) => `ウォームアップのリクエスト ${n} 件は保存したうえで統計から除外しました。`,
    failed: (n: string) => `失敗したリクエスト ${n} 件を統計から除外しました。`,
    mismatches: (n: string) => `サーバーが数えたトークン数と、trialbook がストリームから数えたトークン数が一致しないリクエスト：${n} 件。`,
    cached: (n: string) => `キャッシュ済みのプロンプトで応答されたリクエスト：${n} 件（サーバーがプロンプトの5分の1以上をキャッシュから読み込んだもの）。これらはプリフィルの数値から除外しています。`,
    spans: (n: string) => `中断後に再開したセッションをまたいで実行された負荷水準が ${n} 件あり、そのスループットは示していません。`,
    sessions: (n: string, status: string) => `計測セッション ${n} 回、状態：${status}。`,
    header: "リクエスト|種別|メッセージ",
    more: (n: string) => `…ほか ${n} 件（trials.jsonl を参照）。`,
  },
};

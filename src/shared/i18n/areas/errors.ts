/** Errors and excluded trials: what failed, why, and what was left out of the statistics. */
import type { Area } from "../types.js";

const en = {
  heading: "Errors and excluded trials",
  runPrefix: (id: string) => `Run ${id}: `,
  warmups: (n: string) => `${n} warm-up request(s) stored and left out of the statistics.`,
  failed: (n: string) => `${n} failed request(s) left out of the statistics.`,
  notSent: (n: string) => `${n} request(s) not sent: their load level stopped early as saturated, or an earlier turn of their conversation failed. Goodput counts them as missing the SLO.`,
  mismatches: (n: string) => `${n} request(s) where the server's token count differs from trialbook's count of streamed tokens.`,
  cached: (n: string) => `${n} request(s) answered from a cached prompt (the server took at least a fifth of the prompt from its cache); they are left out of the prefill figures.`,
  spans: (n: string) => `${n} load level(s) ran across resumed sessions; their throughput is not reported.`,
  sessions: (n: string, status: string) => `${n} runner session(s); status ${status}.`,
  header: "trial|kind|message",
  more: (n: string) => `… and ${n} more (see trials.jsonl).`,
  // the kind and message of a request never sent (its `not_sent_cause`)
  kindNotSent: "not sent",
  saturatedUnreachable: (missed: string, planned: string, goodput: string) => `saturated: ${missed} of ${planned} requests had already missed the SLO, more than goodput ${goodput} allows`,
  saturatedRising: (first: string, last: string) => `saturated: latency rising through the level (median ${first} ms in its first third, ${last} ms in its last)`,
  turnFailed: (turn: string) => `turn ${turn} of its conversation failed`,
  turnWithoutAnswer: (turn: string) => `resumed without turn ${turn}'s answer (settings.keep_output is false), so the conversation's history could not be rebuilt`,
};

export const errors: Area<typeof en> = {
  en,
  ja: {
    heading: "エラーと除外したリクエスト",
    runPrefix: (id: string) => `計測ラン ${id}：`,
    warmups: (n: string) => `ウォームアップのリクエスト ${n} 件は保存したうえで統計から除外しました。`,
    failed: (n: string) => `失敗したリクエスト ${n} 件を統計から除外しました。`,
    notSent: (n: string) => `送信しなかったリクエスト：${n} 件（負荷水準が飽和して途中で停止したか、同じ会話の前のターンが失敗したもの）。グッドプットではSLO未達として数えます。`,
    mismatches: (n: string) => `サーバーが数えたトークン数と、trialbook がストリームから数えたトークン数が一致しないリクエスト：${n} 件。`,
    cached: (n: string) => `キャッシュ済みのプロンプトで応答されたリクエスト：${n} 件（サーバーがプロンプトの5分の1以上をキャッシュから読み込んだもの）。これらはプリフィルの数値から除外しています。`,
    spans: (n: string) => `中断後に再開したセッションをまたいで実行された負荷水準が ${n} 件あり、そのスループットは示していません。`,
    sessions: (n: string, status: string) => `計測セッション ${n} 回、状態：${status}。`,
    header: "リクエスト|種別|メッセージ",
    more: (n: string) => `…ほか ${n} 件（trials.jsonl を参照）。`,
    kindNotSent: "未送信",
    saturatedUnreachable: (missed: string, planned: string, goodput: string) => `飽和：${planned} 件中 ${missed} 件がすでにSLOを満たさず、グッドプット ${goodput} で許される数を超えた`,
    saturatedRising: (first: string, last: string) => `飽和：レベルの中で応答時間が上がり続けた（中央値は最初の3分の1で ${first} ミリ秒、最後の3分の1で ${last} ミリ秒）`,
    turnFailed: (turn: string) => `同じ会話のターン ${turn} が失敗した`,
    turnWithoutAnswer: (turn: string) => `ターン ${turn} の回答を保存せずに再開したため（settings.keep_output が false）、会話の履歴を再現できなかった`,
  },
};

/** The summary in plain words: per variant, prompt and load level, how fast it answers and generates. */
import type { Area } from "../types.js";

const en = {
  heading: "Summary",
  oneAtATime: "one request at a time",
  atOnce: (n: string) => `${n} requests at once`,
  what: (variant: string, model: string, format: string) => `${variant} (${model}, ${format})`,
  where: (what: string, prompt: string, load: string, run: string) => `${what}, prompt "${prompt}", ${load}${run ? `, run ${run}` : ""}`,
  generates: (rate: string, ci: string, basis: string) => `generates ${rate} tokens/s on average${ci ? ` (95% CI ${ci})` : ""}, ${basis}`,
  firstToken: (ms: string, p90: string) => `the first token, which is also the answer's start, arrives after ${ms} ms (median, p90 ${p90} ms)`,
  firstTokenReasoning: (ms: string, p90: string, answer: string, answerP90: string) =>
    `the first token (reasoning) arrives after ${ms} ms (median, p90 ${p90} ms) and the first visible answer token after ${answer} ms (median, p90 ${answerP90} ms)`,
  reasoningShare: (share: string) => `${share} of generated tokens were reasoning`,
  noReasoning: "no reasoning tokens",
  completed: (done: string, of: string, failed: string) => `${done} of ${of} requests completed${failed ? `, ${failed} failed` : ""}`,
  notSent: (n: string) => `${n} more not sent (the level stopped early, saturated)`,
  sentence: (where: string, parts: string) => `${where}: ${parts}.`,
  joiner: "; ",
  verdict: (headline: string) => `Verdict: ${headline}`,
  verdictFollows: " The evidence follows on the next page; the speed of each variant on the tasks:",
};

export const summary: Area<typeof en> = {
  en,
  ja: {
    heading: "サマリー",
    oneAtATime: "リクエストを1件ずつ送った場合",
    atOnce: (n: string) => `${n} 件のリクエストを同時に送った場合`,
    what: (variant: string, model: string, format: string) => `${variant}（${model}、${format}）`,
    where: (what: string, prompt: string, load: string, run: string) => `${what}、プロンプト「${prompt}」、${load}${run ? `（計測ラン ${run}）` : ""}`,
    generates: (rate: string, ci: string, basis: string) => `${basis}生成速度は平均で毎秒 ${rate} トークン${ci ? `（95%信頼区間 ${ci}）` : ""}`,
    firstToken: (ms: string, p90: string) => `最初のトークン（回答の書き出し）が届くまで ${ms} ミリ秒（中央値、p90 は ${p90} ミリ秒）`,
    firstTokenReasoning: (ms: string, p90: string, answer: string, answerP90: string) =>
      `最初のトークン（推論）が届くまで ${ms} ミリ秒（中央値、p90 は ${p90} ミリ秒）、画面に見える回答の最初のトークンまで ${answer} ミリ秒（中央値、p90 は ${answerP90} ミリ秒）`,
    reasoningShare: (share: string) => `生成トークンのうち ${share} が推論`,
    noReasoning: "推論トークンなし",
    completed: (done: string, of: string, failed: string) => `${of} 件中 ${done} 件が完了${failed ? `、${failed} 件が失敗` : ""}`,
    notSent: (n: string) => `ほかに ${n} 件は未送信（飽和によりレベルを途中で停止）`,
    sentence: (where: string, parts: string) => `${where}：${parts}。`,
    joiner: "。",
    verdict: (headline: string) => `判定：${headline}`,
    verdictFollows: " 根拠は次ページに示します。各構成のタスク実行時の速度は以下のとおりです。",
  },
};

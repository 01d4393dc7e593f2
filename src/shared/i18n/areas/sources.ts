/** Prompts from files and datasets, and lengths drawn per request, as the methodology states them. */
import type { Area } from "../types.js";

const en = {
  fromFile: (origin: string, format: string) => `prompts from ${origin} (${format})`,
  fromDataset: (id: string) => `prompts from the items of dataset ${id}`,
  records: (used: string, records: string, seed: string) => `${used} of ${records} records, shuffled with seed ${seed}: each request sends its own record, in turn, starting again from the first when a level needs more`,
  skipped: (n: string) => `${n} conversation(s) left out: no user message to send after the reference answer`,
  sent: (n: string) => `${n} different records sent`,
  fixed: (n: string) => `${n} tokens`,
  normal: (mean: string, sd: string, min: string, max: string) => `normal, mean ${mean} tokens, sd ${sd}, between ${min} and ${max}`,
  inputAsked: (spec: string) => `synthetic prompts, length drawn per request: ${spec}`,
  outputAsked: (spec: string) => `answer length (max_tokens) per request: ${spec}`,
  noEos: "without ignore_eos the model may stop earlier, so answer lengths are not controlled",
  drawn: (mean: string) => `drawn: mean ${mean} tokens`,
  measured: (mean: string, sd: string, n: string) => `measured: mean ${mean} tokens, sd ${sd}, over ${n} requests`,
  unbounded: "no limit",
  /** Between the parts of a prompt's description. */
  separator: "; ",
};

export const sources: Area<typeof en> = {
  en,
  ja: {
    fromFile: (origin: string, format: string) => `${origin}（${format}）から読んだプロンプト`,
    fromDataset: (id: string) => `データセット ${id} の項目から作ったプロンプト`,
    records: (used: string, records: string, seed: string) => `${records}件中${used}件をシード${seed}で並べ替えて使用。各リクエストが自分のレコードを順に送り、レベルにそれ以上のリクエストが要るときは最初のレコードに戻る`,
    skipped: (n: string) => `参照回答を除くと送るユーザー発話のない会話${n}件を除外`,
    sent: (n: string) => `送ったレコードは${n}種類`,
    fixed: (n: string) => `${n}トークン`,
    normal: (mean: string, sd: string, min: string, max: string) => `正規分布（平均${mean}トークン、標準偏差${sd}、${min}〜${max}）`,
    inputAsked: (spec: string) => `合成プロンプト。長さはリクエストごとに抽選：${spec}`,
    outputAsked: (spec: string) => `リクエストごとの回答長（max_tokens）：${spec}`,
    noEos: "ignore_eos がないためモデルが早く止まることがあり、回答長は制御されない",
    drawn: (mean: string) => `抽選値：平均${mean}トークン`,
    measured: (mean: string, sd: string, n: string) => `実測：平均${mean}トークン、標準偏差${sd}（${n}リクエスト）`,
    unbounded: "上限なし",
    separator: "。",
  },
};

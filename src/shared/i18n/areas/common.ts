/** Words every area shares: units and plain labels. */
import type { Area } from "../types.js";

const en = {
  ms: "ms",
  tokensPerSecond: "tokens/s",
  requestsPerSecond: "requests/s",
  notDeclared: "not declared",
  none: "none",
  yes: "yes",
  no: "no",
  /** Joins a list in running text. */
  listSeparator: ", ",
  /** Ends a sentence. */
  stop: ".",
  /** Between two sentences. */
  sentenceGap: " ",
  /** Between a label and what it labels: "small-f32: …". */
  labelSeparator: ": ",
};

export const common: Area<typeof en> = {
  en,
  ja: {
    ms: "ミリ秒",
    tokensPerSecond: "トークン/秒",
    requestsPerSecond: "リクエスト/秒",
    notDeclared: "未申告",
    none: "なし",
    yes: "はい",
    no: "いいえ",
    listSeparator: "、",
    stop: "。",
    sentenceGap: "",
    labelSeparator: "：",
  },
};

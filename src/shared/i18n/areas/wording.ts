/**
 * Comparisons in words that respect the statistics: "faster" or "slower" only when the 95% interval of the ratio
 * excludes 1, otherwise "no measurable difference" — always with the ratio and its interval. Rankings name the
 * counter they compare on (the server's own, or trialbook's clock), never a mix.
 */
import type { Area } from "../types.js";

const en = {
  /** "×1.35, 95% CI 1.28–1.42" */
  stat: (ratio: string, lo: string, hi: string) => `×${ratio}, 95% CI ${lo}–${hi}`,
  statNoInterval: (ratio: string) => `×${ratio}; too few requests for an interval`,
  faster: (a: string, b: string, stat: string) => `${a} is faster than ${b} (${stat})`,
  slower: (a: string, b: string, stat: string) => `${a} is slower than ${b} (${stat})`,
  noDifference: (a: string, b: string, stat: string) => `${a} and ${b}: no measurable difference (${stat})`,
  notComparable: (a: string, b: string) => `${a} and ${b}: too few requests to compare`,
  rankingIntro: (prompt: string, load: string, basis: string) => `Generation speed (decode tokens/s), prompt "${prompt}", ${load}, compared on ${basis}; "faster" only where the 95% interval of the ratio of means excludes 1:`,
  basisServer: "the server's own counter for every variant",
  basisClient: "trialbook's clock for every variant (not every server reports its own count)",
  byServer: "by the server's own count",
  byClient: "by trialbook's clock",
  ratioNote: "×: the first variant's mean decode rate ÷ the second's; the interval is a 95% percentile bootstrap of that ratio.",
  runHeading: (run: string) => `Run ${run}`,
};

export const wording: Area<typeof en> = {
  en,
  ja: {
    stat: (ratio: string, lo: string, hi: string) => `×${ratio}、95%信頼区間 ${lo}–${hi}`,
    statNoInterval: (ratio: string) => `×${ratio}。区間を求めるにはリクエスト数が不足`,
    faster: (a: string, b: string, stat: string) => `${a} は ${b} より速い（${stat}）`,
    slower: (a: string, b: string, stat: string) => `${a} は ${b} より遅い（${stat}）`,
    noDifference: (a: string, b: string, stat: string) => `${a} と ${b}：測定上の差は認められない（${stat}）`,
    notComparable: (a: string, b: string) => `${a} と ${b}：比較に足るリクエスト数がない`,
    rankingIntro: (prompt: string, load: string, basis: string) => `生成速度（デコード、トークン/秒）の比較。プロンプト「${prompt}」、${load}、${basis}で比較しています。比の95%信頼区間が1を含まない場合に限り「速い」「遅い」と記載します。`,
    basisServer: "すべての構成についてサーバー自身の計測値",
    basisClient: "すべての構成について trialbook の計測値（自前の計測値を返さないサーバーがあるため）",
    byServer: "サーバー自身の計測値による",
    byClient: "trialbook の計測値による",
    ratioNote: "×：前者の平均生成速度 ÷ 後者の平均生成速度。区間はこの比のパーセンタイル・ブートストラップ95%信頼区間です。",
    runHeading: (run: string) => `計測ラン ${run}`,
  },
};

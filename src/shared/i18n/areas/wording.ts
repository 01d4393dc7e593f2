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
  runIntro: (first: string) => `Each later run against run ${first}: generation speed (decode tokens/s) of the same variant, prompt and load, on the same counter; "faster" or "slower" only where the 95% interval of the ratio excludes 1:`,
  runFaster: (what: string, run: string, stat: string, basis: string) => `${what}: faster in run ${run} (${stat}; ${basis})`,
  runSlower: (what: string, run: string, stat: string, basis: string) => `${what}: slower in run ${run} (${stat}; ${basis})`,
  runNoDifference: (what: string, run: string, stat: string, basis: string) => `${what}: no measurable difference in run ${run} (${stat}; ${basis})`,
  runRatioNote: "×: the later run's mean decode rate ÷ the first run's; the interval is a 95% percentile bootstrap of that ratio.",
  counterServer: "server's counter",
  counterClient: "trialbook's clock",
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
    runIntro: (first: string) => `計測ラン ${first} と比べた、後の各計測ランの生成速度（デコード、トークン/秒）。構成・プロンプト・負荷をそろえ、同じ計測値で比較しています。比の95%信頼区間が1を含まない場合に限り「速い」「遅い」と記載します。`,
    runFaster: (what: string, run: string, stat: string, basis: string) => `${what}：計測ラン ${run} の方が速い（${stat}。${basis}）`,
    runSlower: (what: string, run: string, stat: string, basis: string) => `${what}：計測ラン ${run} の方が遅い（${stat}。${basis}）`,
    runNoDifference: (what: string, run: string, stat: string, basis: string) => `${what}：計測ラン ${run} との間に測定上の差は認められない（${stat}。${basis}）`,
    runRatioNote: "×：後の計測ランの平均生成速度 ÷ 最初の計測ランの平均生成速度。区間はこの比のパーセンタイル・ブートストラップ95%信頼区間です。",
    counterServer: "サーバーの計測値",
    counterClient: "trialbook の計測値",
  },
};

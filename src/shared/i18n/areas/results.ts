/** Results tables: per variant × prompt × concurrency, the statistics of the main figures. */
import type { Area } from "../types.js";

const en = {
  heading: "Results",
  run: (id: string) => `Run ${id}`,
  header: "variant|prompt|c|ok|TTFT p50 / p90 ms|answer TTFT p50 ms|TPOT p50 ms|decode tok/s server (95% CI)|decode tok/s trialbook (95% CI)|prefill tok/s server|output tok/s|goodput req/s",
  note: "Rates are means of per-trial rates with 95% bootstrap intervals; output tok/s is the total of output tokens over the wall time of the level; goodput counts requests meeting every SLO. c = requests in flight at once; ok = completed / sent. Definitions: see Methodology.",
};

export const results: Area<typeof en> = {
  en,
  ja: {
    heading: "計測結果",
    run: (id: string) => `計測ラン ${id}`,
    header: "構成|プロンプト|c|成功|TTFT p50 / p90 ms|回答 TTFT p50 ms|TPOT p50 ms|生成 トークン/秒 サーバー（95%CI）|生成 トークン/秒 trialbook(95%CI)|プロンプト処理 トークン/秒 サーバー|出力 トークン/秒|グッドプット 件/秒",
    note: "速度はリクエストごとの値の平均で、括弧内はブートストラップ95%信頼区間です。出力トークン/秒は、その負荷水準の出力トークン合計 ÷ 経過時間です。グッドプットはすべての SLO を満たしたリクエストを数えます。c は同時に処理中のリクエスト数、成功は完了件数 / 送信件数です。各指標の定義は「計測方法」を参照してください。",
  },
};

/** Results tables: per variant × prompt × concurrency, the statistics of the main figures. */
import type { Area } from "../types.js";

const en = {
  heading: "Results",
  run: (id: string) => `Run ${id}`,
  header: "variant|prompt|level|ok|TTFT p50 / p90 ms|answer TTFT p50 ms|TPOT p50 ms|decode tok/s server (95% CI)|decode tok/s trialbook (95% CI)|prefill tok/s server|output tok/s|goodput rate req/s",
  note: "Rates are means of per-trial rates with 95% bootstrap intervals; output tok/s is the total of output tokens over the wall time of the level; the goodput rate counts requests meeting every SLO (from their due time), per second. Level: c4 = 4 requests at once (closed loop); poisson@2/s = requests arriving at 2 per second (open loop); ok = completed / sent. Definitions: see Methodology.",
};

export const results: Area<typeof en> = {
  en,
  ja: {
    heading: "計測結果",
    run: (id: string) => `計測ラン ${id}`,
    header: "構成|プロンプト|水準|成功|TTFT p50 / p90 ms|回答 TTFT p50 ms|TPOT p50 ms|生成 トークン/秒 サーバー（95%CI）|生成 トークン/秒 trialbook(95%CI)|プロンプト処理 トークン/秒 サーバー|出力 トークン/秒|グッドプットのレート 件/秒",
    note: "速度はリクエストごとの値の平均で、括弧内はブートストラップ95%信頼区間です。出力トークン/秒は、その負荷水準の出力トークン合計 ÷ 経過時間です。グッドプットのレートは、すべての SLO を（予定時刻から）満たしたリクエストの毎秒の件数です。水準：c4 は同時に4件（クローズドループ）、poisson@2/s は毎秒2件で到着（オープンループ）。成功は完了件数 / 送信件数です。各指標の定義は「計測方法」を参照してください。",
  },
};

/** Terminal tables: `trialbook summary`, `compare` and the end-of-run table. */
import type { Area } from "../types.js";

const en = {
  summaryHeader: "variant|prompt|level|n|err|TTFT p50|TTFT p90|TPOT p50|decode tok/s server|decode tok/s client (95% CI)|prefill tok/s server|load ms (cold|warm)|out tok/s",
  summaryNoteLatency: "Latencies in ms (median, p90); rates are means of per-trial rates; warm-ups and failed requests left out.",
  summaryNoteLevel: "level: c4 = 4 requests at once (closed loop); poisson@2/s = requests arriving at 2 per second (open loop), lowest rate first.",
  summaryNoteDecode: "decode client = (N−1)/(E2E−TTFT); server = the engine's own counter (llama.cpp timings, Ollama eval rate).",
  summaryNoteCi: (method: string) => `95% CI: ${method}. out tok/s = total output tokens / wall time of the level.`,
  ciMethod: "95% percentile bootstrap of the mean (2000 resamples, fixed seed); normal approximation above 1000 values",
  warning: "warning: ",
  warnMismatch: (n: string) => `warning: ${n} trials where the server's token count differs from trialbook's.`,
  warnCached: (n: string) => `warning: ${n} requests were answered from a cached prompt; they are left out of the prefill figures.`,
  spans: (n: string) => `${n} levels ran across resumed sessions: their throughput is not shown.`,
  compareHeader: "variant|prompt|level|metric|A|B|B/A|95% CI|change",
  compareChanges: (n: string) => `${n} changes beyond the noise`,
  compareNoChange: "no change beyond the noise",
  compareRule: " (ratio of means, 95% bootstrap interval excludes 1 and the change exceeds 3%).",
  faster: "faster",
  slower: "slower",
  notComparable: "not comparable",
  verboseHeader: "variant|c|n|err|cold load ms|warm load ms|TTFT ms|prompt eval tok/s (server|client)|eval tok/s (server|client)",
  verboseNotes:
    "Medians over measured trials at the lowest concurrency level c (warm-ups and errors left out; `trialbook summary` has\nevery level). eval = decode, prompt eval = prefill.\nserver: the engine's own counters (llama.cpp timings, Ollama eval/prompt_eval durations); client: trialbook's clock —\neval = (N−1)/(E2E−TTFT), prompt eval = prompt tokens/TTFT (includes the first decode step and transport).\ncold load: the model's first load in the run (engine or LM Studio load, else Ollama load_duration of the first request);\nwarm load: median Ollama load_duration of measured requests (the model already loaded; cold ones with unload_before).",
  summaryNoteLoad: "load ms: cold = the model's first load in the run (engine/LM Studio load, else the server's load with the first request); warm = median load of measured requests (cold on purpose with unload_before).",
};

export const cli: Area<typeof en> = {
  en,
  ja: {
    summaryHeader: "構成|プロンプト|水準|n|エラー|TTFT p50|TTFT p90|TPOT p50|生成 tok/s サーバー|生成 tok/s クライアント（95%CI）|プロンプト処理 tok/s サーバー|読み込み ms（初回|2回目以降）|出力 tok/s",
    summaryNoteLatency: "レイテンシはミリ秒（中央値、p90）。速度はリクエストごとの値の平均。ウォームアップと失敗したリクエストは除外。",
    summaryNoteLevel: "水準：c4 ＝ 同時に4件（クローズドループ）、poisson@2/s ＝ 毎秒2件で到着（オープンループ、低いレートから）。",
    summaryNoteDecode: "生成 クライアント = (N−1)/(E2E−TTFT)、サーバー = エンジン自身の計測値（llama.cpp の timings、Ollama の eval rate）。",
    summaryNoteCi: (method: string) => `95%CI:${method}。出力 tok/s = 出力トークンの合計 / その水準の経過時間。`,
    ciMethod: "平均のパーセンタイル・ブートストラップ（リサンプリング2000回、シード固定）、1000件超は正規近似",
    warning: "注意：",
    warnMismatch: (n: string) => `注意：サーバーと trialbook のトークン数が一致しないリクエストが ${n} 件あります。`,
    warnCached: (n: string) => `注意：${n} 件のリクエストはキャッシュ済みのプロンプトで応答されたため、プリフィルの数値から除外しています。`,
    spans: (n: string) => `${n} 件の負荷水準は再開したセッションをまたいで実行されたため、スループットを示していません。`,
    compareHeader: "構成|プロンプト|水準|指標|A|B|B/A|95%CI|変化",
    compareChanges: (n: string) => `ばらつきを超える変化が ${n} 件`,
    compareNoChange: "ばらつきを超える変化はありません",
    compareRule: "（平均の比。ブートストラップ95%信頼区間が1を含まず、変化が3%を超えるもの）。",
    faster: "速くなった",
    slower: "遅くなった",
    notComparable: "比較不可",
    verboseHeader: "構成|c|n|エラー|初回読み込み ms|2回目以降の読み込み ms|TTFT ms|プロンプト処理 tok/s（サーバー|クライアント）|生成 tok/s（サーバー|クライアント）",
    verboseNotes:
      "最も低い同時実行数 c での計測リクエストの中央値（ウォームアップとエラーは除外。全水準は `trialbook summary` に表示）。\neval = 生成（デコード）、prompt eval = プロンプト処理（プリフィル）。\nサーバー：エンジン自身の計測値（llama.cpp の timings、Ollama の eval/prompt_eval の所要時間）。クライアント：trialbook の時計 —\n生成 = (N−1)/(E2E−TTFT)、プロンプト処理 = プロンプトのトークン数/TTFT（最初の生成ステップと通信時間を含む）。\n初回読み込み：この実行でモデルを最初に読み込んだ時間（エンジンまたは LM Studio の読み込み、なければ最初のリクエストでの Ollama の load_duration）。\n2回目以降の読み込み：計測リクエストの Ollama load_duration の中央値（モデルは読み込み済み。unload_before を指定した場合は毎回の初回読み込み）。",
    summaryNoteLoad: "読み込み ms：初回 = この実行でのモデルの最初の読み込み（エンジンまたは LM Studio の読み込み、なければ最初のリクエストでのサーバーの読み込み）、2回目以降 = 計測リクエストの読み込み時間の中央値（unload_before を指定すると毎回アンロードしてから計測）。",
  },
};

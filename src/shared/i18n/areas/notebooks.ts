/**
 * The words of the shipped notebooks (notebooks/*.ipynb): titles, what each notebook shows, and its headings. The
 * notebooks hold no prose of their own; they show these in the language of their `lang` parameter (else the run's
 * `report.language`, else English), so a notebook run for a Japanese client reads in Japanese from its first line.
 */
import type { Area } from "../types.js";

const en = {
  speedTitle: "# Speed of a run",
  speedIntro:
    "One run of a speed experiment: the executive summary, the summary, the statistics per variant × prompt × load level, the definition of every figure, the charts, and GGUF against MLX where the run has both formats of a model. Every figure is computed from the stored trials and defined in the methodology section below.",
  ggufMlxHeading: "## GGUF against MLX",
  ggufMlxIntro: "The same model in both formats (as declared on the variants), compared request by request: ratios of means with 95% intervals.",
  noGgufMlxPair: "_This run has no GGUF/MLX pair of one model (declare `format` and `parameters` on the variants)._",
  rawHeading: "## The raw data",
  rawIntro: "Every request as a row (danfo DataFrame), for your own analysis.",
  feasibilityTitle: "# Feasibility of a task on a local model",
  feasibilityIntro:
    "The verdict of a feasibility run and its evidence: pass rates per variant, task and item, the paired comparison with the flagship, speed and cost. Everything is recomputed from the stored trials.",
  everyItemHeading: "## Every item",
  everyItemIntro: "The same evidence as text, item by item.",
  taskSpeedHeading: "## Speed on these tasks",
  changesTitle: "# What changed since the last run",
  changesIntro:
    "Two runs of one experiment — by default its last two — compared cell by cell: the ratio of each figure with its 95% interval, and whether it moved beyond the noise.",
  comparing: (before: string, after: string) => `Comparing run **${before}** (before) with **${after}** (after).`,
  capacityTitle: "# Capacity of a run",
  capacityIntro:
    "How many requests per second — and so how many people — a machine serves under the experiment's SLO, from the run's open-loop levels (`workload.load`, `workload.sweep`) and conversations (`workload.sessions`): the answer in one sentence, the evidence level by level, the curve with its knee, how faithfully the requests were sent at their scheduled times, TTFT turn by turn, and speed at a filled context. Every figure is computed from the stored trials (definitions in each section).",
  runLine: (name: string, id: string, status: string, n: string) => `**${name}** · run ${id} · ${status} · ${n} requests stored`,
  noOpenLoop: "_This run has no open-loop levels (declare `workload.load` or `workload.sweep`)._",
  curveHeading: "## The curve",
  curveIntro: "TTFT percentiles and goodput against the offered rate; the solid rule is the highest rate meeting the SLO, the dashed one the first rate missing it.",
  latenessHeading: "## Were the requests sent on time?",
  latenessIntro:
    "Send lateness is the real send time minus the scheduled time, per level (ms). It counts toward the SLO: a request sent late is felt late. Large values mean the client machine (or a `max_concurrency` cap) held requests back.",
  latenessColumns: "variant | prompt | offered req/s | arrivals | sent | sent req/s | lateness p50 / p99 / max ms | most in flight",
  depthHeading: "## Context depth",
  noDepth: "_This run measured no context depth (declare `workload.depth`, e.g. `[0, 4096, 16384]`)._",
  rawFiguresHeading: "## The raw figures",
  rawFiguresIntro: "`summary --json` holds the same `capacity` list; here it is, level by level, for your own analysis.",
  // the footer of an executed notebook's HTML and PDF pages
  footer: (name: string, at: string, version: string) => `${name} · executed ${at} · trialbook ${version}`,
  stoppedAt: (index: string) => ` · stopped at cell ${index}`,
};

export const notebooks: Area<typeof en> = {
  en,
  ja: {
    speedTitle: "# 実行結果の速度",
    speedIntro:
      "速度実験の1回分の実行：エグゼクティブサマリー、概要、バリアント × プロンプト × 負荷レベルごとの統計、各数値の定義、グラフ、そして同じモデルの両形式がある場合は GGUF と MLX の比較を示します。すべての数値は保存された試行から計算し、下の「方法」の節で定義しています。",
    ggufMlxHeading: "## GGUF と MLX の比較",
    ggufMlxIntro: "同じモデルの2つの形式（バリアントで宣言したもの）をリクエストごとに比較します：平均の比と95%信頼区間。",
    noGgufMlxPair: "_この実行には、同じモデルの GGUF と MLX の組がありません（バリアントに `format` と `parameters` を宣言してください）。_",
    rawHeading: "## 生データ",
    rawIntro: "すべてのリクエストを1行ずつ（danfo の DataFrame）。独自の分析にお使いください。",
    feasibilityTitle: "# ローカルモデルでのタスク実現可能性",
    feasibilityIntro:
      "実現可能性の実行の判定とその根拠：バリアント・タスク・項目ごとの合格率、フラッグシップとの対応のある比較、速度と費用。すべて保存された試行から計算し直しています。",
    everyItemHeading: "## 項目ごとの結果",
    everyItemIntro: "同じ根拠を、項目ごとに文章で示します。",
    taskSpeedHeading: "## これらのタスクでの速度",
    changesTitle: "# 前回の実行からの変化",
    changesIntro:
      "同じ実験の2回の実行（既定では直近の2回）をセルごとに比較します：各数値の比と95%信頼区間、そしてその変化がばらつきを超えているかどうか。",
    comparing: (before, after) => `実行 **${before}**（前）と **${after}**（後）を比較しています。`,
    capacityTitle: "# 実行結果の処理能力",
    capacityIntro:
      "実験の SLO のもとで、このマシンが毎秒何件のリクエストを、つまり何人の利用者を処理できるか。実行のオープンループのレベル（`workload.load`、`workload.sweep`）と会話（`workload.sessions`）から求めます：一文での答え、レベルごとの根拠、限界点を示した曲線、リクエストが予定どおりの時刻に送られたか、ターンごとの TTFT、そしてコンテキストを埋めたときの速度。すべての数値は保存された試行から計算しています（定義は各節にあります）。",
    runLine: (name, id, status, n) => `**${name}** · 実行 ${id} · ${status} · 保存されたリクエスト ${n} 件`,
    noOpenLoop: "_この実行にはオープンループのレベルがありません（`workload.load` または `workload.sweep` を宣言してください）。_",
    curveHeading: "## 曲線",
    curveIntro: "到着させたレートに対する TTFT のパーセンタイルとグッドプット。実線は SLO を満たした最高のレート、破線は SLO を満たさなかった最初のレートです。",
    latenessHeading: "## リクエストは予定どおりに送られたか",
    latenessIntro:
      "送信の遅れは、実際に送信した時刻から予定の時刻を引いた値です（レベルごと、ミリ秒）。遅れは SLO の判定に含まれます：遅れて送られたリクエストは、利用者にとっても遅れて感じられるからです。値が大きい場合は、クライアントのマシン（または `max_concurrency` の上限）がリクエストを止めていたことを意味します。",
    latenessColumns: "バリアント | プロンプト | 到着レート（件/秒） | 到着の分布 | 送信数 | 送信レート（件/秒） | 遅れ p50 / p99 / 最大（ミリ秒） | 同時処理の最大",
    depthHeading: "## コンテキストの深さ",
    noDepth: "_この実行ではコンテキストの深さを測っていません（`workload.depth` を宣言してください。例：`[0, 4096, 16384]`）。_",
    rawFiguresHeading: "## 生の数値",
    rawFiguresIntro: "`summary --json` の `capacity` と同じ一覧です。独自の分析のために、レベルごとに示します。",
    footer: (name, at, version) => `${name} · 実行 ${at} · trialbook ${version}`,
    stoppedAt: (index) => ` · セル ${index} で停止`,
  },
};

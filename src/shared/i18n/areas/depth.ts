/**
 * Context depth (`workload.depth`, #12): the check before a run that a depth fits the model's context, the report
 * section's headings, table headers and definitions, the chart's titles and the `compare` lines. Figures arrive
 * formatted for the language.
 */
import type { Area } from "../types.js";
import { DEPTH_SLACK_TOKENS } from "../../depth.js";

const en = {
  // before a run (preflight: `run`, `check`)
  beyondContext: (need: string, depth: string, prompt: string, maxTokens: string, variant: string, context: string, source: string) =>
    `needs about ${need} tokens of context (depth ${depth} + prompt ~${prompt} + max_tokens ${maxTokens} + ${DEPTH_SLACK_TOKENS} for the chat template and nonce), but variant ${variant} gets ${context} (${source}); lower the depth or give the model a larger context`,
  ollamaNumCtx: (variant: string, need: string) =>
    `variant ${variant}: Ollama serves its default context (OLLAMA_CONTEXT_LENGTH) unless the variant sets options.num_ctx, and cuts a longer prompt without an error; set options.num_ctx to at least ${need} so the depth is really processed`,
  lmstudioLoaded: (variant: string, need: string) =>
    `variant ${variant}: LM Studio loads a model with the context set in its load settings, which may be below the model's maximum; load it with a context of at least ${need} tokens so the depth is really processed`,
  ggufSource: "the GGUF file's trained context_length",
  lmstudioSource: "LM Studio max_context_length",
  // Methodology: the depths as declared
  methodLine: (depths: string) => `context depths: ${depths} tokens of filler before each prompt, one request at a time, each with its own nonce first (cache-busted)`,
  // the report section
  heading: "Context depth",
  intro: (repetitions: string) =>
    `Each prompt was also sent after a filled context (llama-bench -d): the depth is the number of tokens of filler placed before it. Requests went one at a time, ${repetitions} per depth. Every such request began with its own nonce, and llama-server got cache_prompt: false, so no server could answer the filler from its prompt cache.`,
  tableHeading: (who: string) => `By depth: ${who}`,
  colVariant: "variant",
  colPrompt: "prompt",
  colDepth: "depth (tokens)",
  colPromptTokens: "prompt tokens",
  colCached: "cached",
  colPrefill: "prefill tok/s (95% CI)",
  colDecode: "decode tok/s (95% CI)",
  colTpot: "TPOT ms",
  colTtft: "TTFT ms",
  colErrors: "errors",
  sourceServer: "server",
  sourceClient: "trialbook",
  definitions: "How the depth figures are defined",
  runsIntro: (first: string) => `Each later run against run ${first}, depth by depth; "faster" or "slower" only where the 95% interval of the ratio excludes 1:`,
  defDepth: "depth: tokens of filler (common English words, about one token each) sent before the prompt; 0 is the prompt alone, one request at a time. Prompt tokens are the server's count (median), the evidence that the depth was really processed.",
  defPrefill: "prefill tok/s: the server's own prompt rate where every request at that depth reports one (llama.cpp prompt_per_second; Ollama prompt_eval_count ÷ prompt_eval_duration), else prompt tokens (depth included) ÷ TTFT, which also holds transport and the first decode step; the column says which.",
  defDecode: "decode tok/s: the server's own where every request reports it (llama.cpp predicted_per_second; Ollama eval rate), else (N − 1) ÷ (E2E − TTFT); TPOT = (E2E − TTFT) ÷ (N − 1); TTFT = sent → first token. Means with 95% bootstrap intervals.",
  slowdown: (who: string, depth: string, prefill: string, decode: string) => `${who}: at a depth of ${depth} tokens, prefill runs at ${prefill} and decode at ${decode} of their speed at the shallowest depth.`,
  // the chart
  chartTitle: "Prefill and decode tok/s against context depth",
  chartCaption: "Mean prefill (top) and decode (bottom) speed at each context depth, with 95% intervals, one line per variant and prompt.",
  axisDepth: "context depth (tokens)",
  axisPrefill: "prefill tok/s",
  axisDecode: "decode tok/s",
  // compare
  compareHeading: "Context depth (B ÷ A, 95% CI):",
  compareLine: (who: string, depth: string, prefill: string, decode: string) => `${who} at depth ${depth}: prefill ${prefill}, decode ${decode}`,
  noChange: "no significant change",
};

export const depth: Area<typeof en> = {
  en,
  ja: {
    beyondContext: (need, depth, prompt, maxTokens, variant, context, source) =>
      `約${need}トークンのコンテキストが必要です（深さ${depth}＋プロンプト約${prompt}＋max_tokens ${maxTokens}＋チャットテンプレートとノンス分${DEPTH_SLACK_TOKENS}）が、バリアント${variant}のコンテキストは${context}です（${source}）。深さを下げるか、より大きなコンテキストでモデルを読み込んでください`,
    ollamaNumCtx: (variant, need) =>
      `バリアント${variant}：Ollamaはバリアントにoptions.num_ctxがない限り既定のコンテキスト（OLLAMA_CONTEXT_LENGTH）で動作し、それより長いプロンプトはエラーなしで切り詰めます。深さが実際に処理されるよう、options.num_ctxを${need}以上にしてください`,
    lmstudioLoaded: (variant, need) =>
      `バリアント${variant}：LM Studioはモデルを読み込み設定のコンテキストで読み込み、これはモデルの最大値より小さいことがあります。深さが実際に処理されるよう、${need}トークン以上のコンテキストで読み込んでください`,
    ggufSource: "GGUFファイルの学習時コンテキスト長 context_length",
    lmstudioSource: "LM Studio の max_context_length",
    methodLine: (depths) => `コンテキストの深さ：各プロンプトの前に${depths}トークンの埋め草、1件ずつ、それぞれ先頭に固有のノンス（キャッシュ無効化）`,
    heading: "コンテキストの深さ",
    intro: (repetitions) =>
      `各プロンプトは、コンテキストを埋めた状態でも送信しました（llama-bench -d と同じ）。深さは、プロンプトの前に置いた埋め草のトークン数です。リクエストは1件ずつ、深さごとに${repetitions}件です。各リクエストの先頭には固有のノンスを置き、llama-serverには cache_prompt: false を送ったため、どのサーバーも埋め草をプロンプトキャッシュから返すことはできません。`,
    tableHeading: (who) => `深さ別：${who}`,
    colVariant: "バリアント",
    colPrompt: "プロンプト",
    colDepth: "深さ（トークン）",
    colPromptTokens: "プロンプトのトークン数",
    colCached: "キャッシュ",
    colPrefill: "プリフィル トークン/秒（95%信頼区間）",
    colDecode: "デコード トークン/秒（95%信頼区間）",
    colTpot: "TPOT（ミリ秒）",
    colTtft: "TTFT（ミリ秒）",
    colErrors: "エラー",
    sourceServer: "サーバー",
    sourceClient: "trialbook計測",
    definitions: "深さの数値の定義",
    runsIntro: (first) => `計測ラン ${first} と比べた、後の各計測ランの深さごとの速度。比の95%信頼区間が1を含まない場合に限り「速い」「遅い」と記載します。`,
    defDepth: "深さ：プロンプトの前に送る埋め草のトークン数（一般的な英単語で、1語がほぼ1トークン）。0はプロンプトのみを1件ずつ送った場合です。プロンプトのトークン数はサーバーが数えた値（中央値）で、深さが実際に処理された証拠です。",
    defPrefill: "プリフィル トークン/秒：その深さのすべてのリクエストでサーバーが報告する場合はサーバー自身のプロンプト処理速度（llama.cpp の prompt_per_second、Ollama の prompt_eval_count ÷ prompt_eval_duration）、それ以外はプロンプトのトークン数（深さを含む）÷ TTFT（通信と最初のデコードも含みます）。列にどちらかを示します。",
    defDecode: "デコード トークン/秒：すべてのリクエストで報告される場合はサーバー自身の値（llama.cpp の predicted_per_second、Ollama の eval rate）、それ以外は (N − 1) ÷ (E2E − TTFT)。TPOT ＝ (E2E − TTFT) ÷ (N − 1)、TTFT ＝ 送信から最初のトークンまで。平均と95%ブートストラップ信頼区間。",
    slowdown: (who, depth, prefill, decode) => `${who}：深さ${depth}トークンでは、プリフィルは最も浅い深さの${prefill}、デコードは${decode}の速度です。`,
    chartTitle: "コンテキストの深さに対するプリフィルとデコードの速度",
    chartCaption: "各深さでのプリフィル（上）とデコード（下）の平均速度と95%信頼区間。線はバリアントとプロンプトごとです。",
    axisDepth: "コンテキストの深さ（トークン）",
    axisPrefill: "プリフィル トークン/秒",
    axisDecode: "デコード トークン/秒",
    compareHeading: "コンテキストの深さ（B ÷ A、95%信頼区間）：",
    compareLine: (who, depth, prefill, decode) => `${who}、深さ${depth}：プリフィル ${prefill}、デコード ${decode}`,
    noChange: "有意な変化なし",
  },
};

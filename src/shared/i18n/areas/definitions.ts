/**
 * The name and definition of every figure a report shows, so each figure is defined inside the report itself. Keys are
 * the summary's metric ids plus the level and derived figures; a metric without its definition does not compile where
 * the methodology lists them.
 */
import type { Area } from "../types.js";

const labelsEn = {
  ttft_ms: "TTFT",
  ttft_answer_ms: "TTFT (answer)",
  e2e_ms: "E2E latency",
  tpot_ms: "TPOT",
  decode_tps_client: "Decode tok/s (trialbook)",
  decode_tps_server: "Decode tok/s (server)",
  prefill_tps_server: "Prefill tok/s (server)",
  prefill_tps_client: "Prefill tok/s (trialbook)",
  load_ms_server: "Load (server)",
  output_tokens: "Output tokens",
  itl_chunk_ms: "ITL per chunk",
  itl_token_ms: "ITL per token",
  reasoning_share: "Reasoning share",
  output_tps: "Output tok/s (level)",
  goodput_rps: "Goodput rate",
  prompt_cache_hit: "Prompt-cache hit",
  ratio: "Ratio ×",
};

export const metricLabels: Area<typeof labelsEn> = {
  en: labelsEn,
  ja: {
    ttft_ms: "TTFT（最初のトークンまでの時間）",
    ttft_answer_ms: "TTFT（回答）",
    e2e_ms: "E2E レイテンシ",
    tpot_ms: "TPOT（出力トークンあたりの時間）",
    decode_tps_client: "生成速度 トークン/秒（trialbook）",
    decode_tps_server: "生成速度 トークン/秒（サーバー）",
    prefill_tps_server: "プロンプト処理速度 トークン/秒（サーバー）",
    prefill_tps_client: "プロンプト処理速度 トークン/秒（trialbook）",
    load_ms_server: "モデル読み込み時間（サーバー）",
    output_tokens: "出力トークン数",
    itl_chunk_ms: "チャンク間隔（ITL）",
    itl_token_ms: "トークン間隔（ITL）",
    reasoning_share: "推論トークンの割合",
    output_tps: "出力トークン/秒（負荷水準全体）",
    goodput_rps: "グッドプットのレート",
    prompt_cache_hit: "プロンプトキャッシュのヒット",
    ratio: "比 ×",
  },
};

const defsEn = {
  ttft_ms: "first visible streamed token of any kind (reasoning or answer) − request sent, in ms; reasoning markup (<think>, harmony headers) and reasoning the server did not stream do not count. vLLM also counts a role-only first chunk; trialbook counts the first chunk with text",
  ttft_answer_ms: "first visible answer token − request sent, in ms (after any reasoning): what a user waits for before the answer starts (guidellm's time to first output token)",
  e2e_ms: "last token − request sent, in ms",
  tpot_ms: "(E2E − TTFT) / (N − 1), N = streamed output tokens (reasoning the server counted but did not stream is left out), in ms. vLLM's TPOT; guidellm calls it ITL",
  decode_tps_client: "(N − 1) / (E2E − TTFT), N = streamed output tokens, tokens/s on trialbook's clock. mlx_lm counts the first token too",
  decode_tps_server: "the server's own counter, tokens/s: llama.cpp predicted_per_second; Ollama eval rate = eval_count / eval_duration; LM Studio stats.tokens_per_second. Where requests ran beside each other (concurrency above 1, open loop), shown only when the server counted every request: the embedded engine counts only requests that ran alone, a faster subset",
  prefill_tps_server: "the server's own counter, tokens/s: llama.cpp prompt_per_second; Ollama prompt eval rate = prompt_eval_count / prompt_eval_duration (LM Studio reports none). Requests served from the prompt cache are left out; where requests ran beside each other, shown only when the server counted every request",
  prefill_tps_client: "prompt tokens / TTFT, tokens/s (includes transport and the first decode step); requests served from the prompt cache are left out",
  load_ms_server: "Ollama load_duration of the request, in ms (a warm request only finds the model loaded; the cold load — the model's first load in the run — is reported per variant)",
  output_tokens: "the server's completion count (usage.completion_tokens, eval_count, predicted_n), else the streamed events; reasoning included",
  itl_chunk_ms: "gap between successive streamed chunks, in ms. vLLM's ITL; AIPerf's inter-chunk latency",
  itl_token_ms: "gap between chunks ÷ tokens in the later chunk, in ms; tokens per chunk are the server's own per-event counts where it gives them, else its final count spread by text length (flagged as an estimate)",
  reasoning_share: "reasoning tokens ÷ all generated tokens of the measured requests (reasoning is generated but not shown as the answer)",
  output_tps: "total output tokens ÷ wall time of the whole load level",
  goodput_rps: "requests meeting every SLO ÷ wall time of the level, requests/s (a rate; the capacity section's goodput is a share: requests meeting the SLO ÷ requests planned in a level)",
  prompt_cache_hit: "the server says it took at least a fifth of the prompt from its prompt cache (cached_tokens, llama.cpp cache_n, Anthropic cache reads), or — Ollama, LM Studio — its prompt time per token was under a quarter of the same prompt's uncached one: prefill measured less work, so such requests are counted and left out of the prefill figures",
  ratio: "mean of one variant ÷ mean of the other, with a 95% percentile bootstrap interval of the ratio; a difference is claimed only when that interval excludes 1",
};

export const metricDefinitions: Area<typeof defsEn> = {
  en: defsEn,
  ja: {
    ttft_ms: "リクエスト送信から、種類を問わず（推論・回答）最初に見えるトークンを受信するまでの時間（ミリ秒）。推論のマークアップ（<think>、harmony のヘッダー）や、サーバーが配信しなかった推論は数えません。vLLM は文字を含まない最初のチャンクも数えますが、trialbook は文字を含む最初のチャンクを数えます",
    ttft_answer_ms: "リクエスト送信から、画面に見える回答の最初のトークンを受信するまでの時間（ミリ秒、推論の後）。利用者が回答の書き出しまで待つ時間です（guidellm の time to first output token）",
    e2e_ms: "リクエスト送信から最後のトークンを受信するまでの時間（ミリ秒）",
    tpot_ms: "(E2E − TTFT) / (N − 1)、N は配信された出力トークン数（サーバーが数えても配信しなかった推論は除きます）（ミリ秒）。vLLM の TPOT に相当し、guidellm では ITL と呼ばれます",
    decode_tps_client: "(N − 1) / (E2E − TTFT)、N は配信された出力トークン数。trialbook の時計で測った毎秒トークン数。mlx_lm は最初のトークンも含めて数えます",
    decode_tps_server: "サーバー自身の計測値（トークン/秒）：llama.cpp の predicted_per_second、Ollama の eval rate = eval_count / eval_duration、LM Studio の stats.tokens_per_second。リクエストが並行して処理された水準（同時実行数2以上、オープンループ）では、サーバーがすべてのリクエストを計測した場合に限り示します（組み込みエンジンは単独で処理したリクエストだけを計測し、それは速い一部です）",
    prefill_tps_server: "サーバー自身の計測値（トークン/秒）：llama.cpp の prompt_per_second、Ollama の prompt eval rate = prompt_eval_count / prompt_eval_duration（LM Studio は報告しません）。プロンプトキャッシュから応答したリクエストは除外。リクエストが並行して処理された水準では、サーバーがすべてのリクエストを計測した場合に限り示します",
    prefill_tps_client: "プロンプトのトークン数 / TTFT（トークン/秒）。通信時間と最初の生成ステップを含みます。プロンプトキャッシュから応答したリクエストは除外",
    load_ms_server: "そのリクエストにおける Ollama の load_duration（ミリ秒）。2回目以降のリクエストは読み込み済みのモデルを使うため、この実行で最初にモデルを読み込んだ時間（初回読み込み）は構成ごとに別途示します",
    output_tokens: "サーバーが数えた出力トークン数（usage.completion_tokens、eval_count、predicted_n）。なければストリームのイベント数。推論トークンを含みます",
    itl_chunk_ms: "連続するストリームのチャンク間の間隔（ミリ秒）。vLLM の ITL、AIPerf の inter-chunk latency に相当します",
    itl_token_ms: "チャンク間の間隔 ÷ 後のチャンクに含まれるトークン数（ミリ秒）。チャンクごとのトークン数は、サーバーがイベントごとに数えていればその値、なければ最終的な数を文字数で按分した推定値です（推定と明示）",
    reasoning_share: "計測リクエストの推論トークン数 ÷ 生成トークン総数（推論は生成されますが、回答としては表示されません）",
    output_tps: "出力トークンの合計 ÷ その負荷水準全体の経過時間",
    goodput_rps: "すべての SLO を満たしたリクエスト数 ÷ その負荷水準の経過時間（リクエスト/秒）。レートです。処理能力の節のグッドプットは割合（SLOを満たしたリクエスト数 ÷ レベルで予定したリクエスト数）です",
    prompt_cache_hit: "サーバーがプロンプトの5分の1以上をプロンプトキャッシュから読み込んだと報告したもの（cached_tokens、llama.cpp の cache_n、Anthropic のキャッシュ読み込み）、または Ollama・LM Studio でトークンあたりのプロンプト処理時間が同じプロンプトのキャッシュなしの場合の4分の1未満だったもの。プリフィルの処理量が少なく測られるため、件数を示したうえでプリフィルの数値から除外しています",
    ratio: "一方の構成の平均 ÷ もう一方の平均。区間はこの比のパーセンタイル・ブートストラップ95%信頼区間で、区間が1を含まない場合に限り差があると記載します",
  },
};

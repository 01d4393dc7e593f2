/**
 * What makes figures doubtful, one sentence per trial flag (see `TrialFlag` in store/trial.ts): said wherever the
 * errors and caveats are, with the number of measured requests that carry it.
 */
import type { Area } from "../types.js";

const en = {
  "tokens-estimated": (n: string) =>
    `${n} request(s) with estimated per-chunk token counts: the server sent several tokens per event without a running count, so its final count was spread over the events by text length (per-token ITL is approximate; TPOT and decode rates use the server's total).`,
  "hidden-reasoning": (n: string) =>
    `${n} request(s) where the server counted reasoning it did not stream: decode rates and TPOT use the streamed tokens only, the hidden count is stored apart, and TTFT is the first visible token.`,
  "reasoning-inline": (n: string) =>
    `${n} request(s) whose reasoning arrived inside the answer text (<think> tags or gpt-oss harmony channels) and was split off by trialbook; checks saw the answer only.`,
  "proxy-counts": (n: string) =>
    `${n} request(s) went through a proxy (LiteLLM): their token counts are the proxy's, which it may estimate with a tokenizer when the server sends none.`,
};

export const flags: Area<typeof en> = {
  en,
  ja: {
    "tokens-estimated": (n: string) =>
      `トークン数が推定値のリクエスト：${n} 件。サーバーが1回の送信で複数のトークンを送り、途中の累計を示さなかったため、最終的なトークン数を文字数に応じて各送信に割り振りました（トークンあたりの ITL は近似値です。TPOT と生成速度はサーバーの合計値を使っています）。`,
    "hidden-reasoning": (n: string) =>
      `サーバーが配信しなかった推論トークンを数えていたリクエスト：${n} 件。生成速度と TPOT は配信されたトークンだけで計算し、非表示の推論トークン数は別に記録しています。TTFT は最初に見えたトークンまでの時間です。`,
    "reasoning-inline": (n: string) =>
      `推論が回答の本文の中で届いたリクエスト：${n} 件（<think> タグ、または gpt-oss の harmony チャンネル）。trialbook が推論を切り分けており、判定には回答部分だけを使っています。`,
    "proxy-counts": (n: string) =>
      `プロキシ（LiteLLM）を経由したリクエスト：${n} 件。トークン数はプロキシが報告した値で、サーバーが数を返さない場合はプロキシがトークナイザーで推定していることがあります。`,
  },
};

/** Preflight (`run`, `check`), prompt cache and load messages: what the servers say before and during a run. */
import type { Area } from "../types.js";

const en = {
  modelFileMissing: (path: string, hint: string) => `model file not found: ${path}${hint}`,
  modelNotServed: (model: string, backend: string, hint: string) => `model "${model}" is not served by backend ${backend}${hint}`,
  modelNotListed: (model: string, backend: string, hint: string) => `model "${model}" is not in the model list of backend ${backend}${hint}; the server may still accept it (aliases, proxies)`,
  servedList: (names: string) => ` (it serves: ${names})`,
  unreachable: (id: string, type: string, url: string, problem: string) => `backend ${id} (${type} at ${url}) is unreachable: ${problem}; its trials will be recorded as errors`,
  noBackendAnswers: "no backend answers, so no variant can run",
  keyNotSet: (name: string) => `environment variable ${name} is not set`,
  checkOk: (variants: number, backends: number) => `ok: ${variants} variant(s) on ${backends} backend(s) are ready to run`,
  promptCache: (mode: "bust" | "allow" | "measure", cached: number) =>
    ({
      bust: "prompt cache: bust — each request's prompt began with a unique 8-hex-digit nonce (stored on the trial as prompt_nonce); llama-server also got cache_prompt: false and vLLM a cache_salt",
      allow: "prompt cache: allow — prompts were sent as written, so servers could answer repeated prompts from their prompt cache",
      measure: "prompt cache: measure — each wave was sent cold (unique nonces), then warm (the same prompts again, prompt id '<id>:warm'); the two rows side by side show the cache's effect",
    })[mode] + `; ${cached} measured request(s) were served from a prompt cache (the server said it took at least a fifth of the prompt from its cache — cached_tokens, cache_n or cache reads — or, for Ollama and LM Studio, the server's prompt time per token was under a quarter of the same prompt's uncached one): they are counted per cell and left out of the prefill figures`,
  noUnload: (variant: string, backend: string) => `variant ${variant}: unload_before is set, but backend ${backend} has no way to unload a model; its requests find it loaded`,
  noIgnoreEos: (variant: string, server: string) => `variant ${variant}: ${server} has no ignore_eos; answers may end before max_tokens`,
  clientMachine: "Client machine (runs trialbook; the servers it measures are elsewhere).",
  serverFactsHeading: "What the servers said about the loaded models.",
  warmLoads: (ms: string) => `warm load ${ms} ms (median of measured requests)`,
  unloadedLoads: (n: number, ms: string) => `unloaded before each of ${n} measured request(s): cold load ${ms} ms (median)`,
  contradicts: (field: string, declared: string, reported: string) => `declared ${field} ${declared}, but the server reports ${reported}`,
  fieldFormat: "format",
  fieldQuantization: "quantization",
};

export const fidelity: Area<typeof en> = {
  en,
  ja: {
    modelFileMissing: (path: string, hint: string) => `モデルファイルが見つかりません: ${path}${hint}`,
    modelNotServed: (model: string, backend: string, hint: string) => `モデル「${model}」はバックエンド ${backend} で提供されていません${hint}`,
    modelNotListed: (model: string, backend: string, hint: string) => `モデル「${model}」はバックエンド ${backend} のモデル一覧にありません${hint}。別名やプロキシ経由なら受け付けられる場合があります`,
    servedList: (names: string) => `（提供中: ${names}）`,
    unreachable: (id: string, type: string, url: string, problem: string) => `バックエンド ${id}（${type}、${url}）に接続できません: ${problem}。このバックエンドの試行はエラーとして記録されます`,
    noBackendAnswers: "応答するバックエンドがないため、どのバリアントも実行できません",
    keyNotSet: (name: string) => `環境変数 ${name} が設定されていません`,
    checkOk: (variants: number, backends: number) => `OK: ${backends} 個のバックエンドで ${variants} 個のバリアントを実行できます`,
    promptCache: (mode: "bust" | "allow" | "measure", cached: number) =>
      ({
        bust: "プロンプトキャッシュ: bust — 各リクエストのプロンプト先頭に一意の 8 桁 16 進ノンスを付けました（試行に prompt_nonce として記録）。llama-server には cache_prompt: false、vLLM には cache_salt も送っています",
        allow: "プロンプトキャッシュ: allow — プロンプトはそのまま送信したため、繰り返しのプロンプトはサーバーのプロンプトキャッシュから応答された可能性があります",
        measure: "プロンプトキャッシュ: measure — 各ウェーブをまずコールド（一意のノンス）で、続いて同じプロンプトをウォーム（プロンプト ID「<id>:warm」）で送信しました。2 行を並べるとキャッシュの効果がわかります",
      })[mode] + `。計測リクエストのうち ${cached} 件はプロンプトキャッシュから処理されました（サーバーが cached_tokens・cache_n・キャッシュ読み取りでプロンプトの 5 分の 1 以上をキャッシュから処理したと報告したもの、または Ollama と LM Studio でサーバーのトークンあたりのプロンプト処理時間が同じプロンプトの非キャッシュ時の 4 分の 1 未満だったもの）。これらはセルごとに数え、プリフィルの数値からは除外しています`,
    noUnload: (variant: string, backend: string) => `バリアント ${variant}: unload_before が指定されていますが、バックエンド ${backend} にはモデルをアンロードする手段がないため、リクエストは読み込み済みのモデルで処理されます`,
    noIgnoreEos: (variant: string, server: string) => `バリアント ${variant}: ${server} には ignore_eos がないため、回答が max_tokens に達する前に終わることがあります`,
    clientMachine: "クライアントマシン（trialbook を実行するマシン。計測対象のサーバーは別の場所にあります）：",
    serverFactsHeading: "読み込まれたモデルについてサーバーが報告した内容：",
    warmLoads: (ms: string) => `ウォームロード ${ms} ミリ秒（計測リクエストの中央値）`,
    unloadedLoads: (n: number, ms: string) => `計測リクエスト ${n} 件の各直前にアンロード: コールドロード ${ms} ミリ秒（中央値）`,
    contradicts: (field: string, declared: string, reported: string) => `${field}は ${declared} と申告されていますが、サーバーは ${reported} と報告しています`,
    fieldFormat: "形式",
    fieldQuantization: "量子化",
  },
};

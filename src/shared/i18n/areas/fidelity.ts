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
  },
};

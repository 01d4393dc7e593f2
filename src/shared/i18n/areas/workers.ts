/** Load worker threads (`settings.load_workers`): what a run says when it spreads an open-loop level over threads. */
import type { Area } from "../types.js";

const en = {
  started: (level: string, n: number) => `open-loop level ${level}: sending from ${n} worker threads (settings.load_workers), one shared clock`,
  embedded: (variant: string, n: number) =>
    `variant ${variant}: the embedded llama-cpp engine runs in the run's own thread; settings.load_workers (${n}) does not apply to it (threads cannot share its loaded model)`,
  failed: (level: string, problem: string) => `open-loop level ${level}: the worker threads could not start (${problem}); the level runs in the run's own thread`,
  lost: (index: number, problem: string) => `load worker ${index} stopped: ${problem}; the requests of its share not stored yet are stored as failed`,
};

export const workers: Area<typeof en> = {
  en,
  ja: {
    started: (level: string, n: number) => `オープンループ負荷 ${level}: ${n} 個のワーカースレッドから送信します（settings.load_workers、共通の時計）`,
    embedded: (variant: string, n: number) =>
      `バリアント ${variant}: 組み込み llama-cpp エンジンは実行スレッド内で動きます。settings.load_workers（${n}）は適用されません（読み込んだモデルをスレッド間で共有できないため）`,
    failed: (level: string, problem: string) => `オープンループ負荷 ${level}: ワーカースレッドを起動できませんでした（${problem}）。この負荷は実行スレッド内で送信します`,
    lost: (index: number, problem: string) => `負荷ワーカー ${index} が停止しました: ${problem}。担当分のうちまだ保存されていないリクエストは失敗として保存されます`,
  },
};

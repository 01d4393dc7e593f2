/** Appendix: a sample answer per variant and each run's manifest. */
import type { Area } from "../types.js";

const en = {
  heading: "Appendix",
  samples: "Sample answers",
  samplesIntro: "The first measured answer of each variant, as text.",
  demoModel: "This answer comes from a self-made demo model with random weights (written by trialbook make-model): it produces word salad by design; only its speed is meaningful.",
  sample: (variant: string, trial: string) => `${variant} (${trial}):`,
  manifest: (id: string) => `Manifest of run ${id}`,
};

export const appendix: Area<typeof en> = {
  en,
  ja: {
    heading: "付録",
    samples: "回答の例",
    samplesIntro: "各構成で最初に計測した回答を、そのままのテキストで示します。",
    demoModel: "この回答は、trialbook make-model で作成したランダムな重みのデモ用モデルによるものです。意味をなさない文字列になるのは仕様どおりで、意味があるのは速度の数値のみです。",
    sample: (variant: string, trial: string) => `${variant}（${trial}）：`,
    manifest: (id: string) => `計測ラン ${id} のマニフェスト`,
  },
};

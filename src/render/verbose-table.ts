/** The end-of-run table, in `ollama run --verbose` terms, server and trialbook figures side by side. */
import type { VariantFigures } from "../analyse/verbose.js";
import { words } from "../shared/i18n/catalogue.js";
import type { Language } from "../shared/i18n/types.js";
import { num, textTable } from "./text-table.js";

export function verboseTable(figures: readonly VariantFigures[], lang: Language = "en"): string {
  const { t } = words(lang);
  const header = t.cli.verboseHeader.split(/\|(?![^(（]*[)）])/);
  const rows = figures.map((f) => [
    f.variant,
    String(f.concurrency ?? "-"),
    String(f.trials),
    String(f.errors),
    num(f.load_ms, 0),
    num(f.warm_load_ms, 0),
    num(f.ttft_ms),
    `${num(f.prefill_tps_server)} | ${num(f.prefill_tps_client)}`,
    `${num(f.decode_tps_server)} | ${num(f.decode_tps_client)}`,
  ]);
  return `${textTable(header, rows)}\n\n${t.cli.verboseNotes}`;
}

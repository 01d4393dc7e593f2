/**
 * A variant's declared fact that the server contradicts, in one sentence of a language: English as stored in the
 * manifest's `contradictions` and said in warnings, any language in reports (from the manifest's `contradicted`).
 */
import type { Contradiction } from "../store/manifest.js";
import { messages } from "./i18n/catalogue.js";
import type { Language } from "./i18n/types.js";

export function contradictionText(c: Contradiction, lang: Language = "en"): string {
  const F = messages(lang).fidelity;
  return F.contradicts(c.field === "format" ? F.fieldFormat : F.fieldQuantization, c.declared, c.reported);
}

const STORED = /^declared (format|quantization) (.+), but the server reports (.+)$/;

/** A stored English sentence read back into figures (runs made before `contradicted`); null if it is not one. */
export function storedContradiction(sentence: string): Contradiction | null {
  const m = STORED.exec(sentence);
  return m ? { field: m[1] === "format" ? "format" : "quantization", declared: m[2] ?? "", reported: m[3] ?? "" } : null;
}

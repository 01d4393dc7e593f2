/**
 * A request that was never sent, in words of the report's language: its kind ("not sent", not the stored `aborted`)
 * and its reason, worded from the trial's `not_sent_cause`. Runs made before that field existed keep their stored
 * (English) message.
 */
import type { NotSentCause, Trial } from "../store/trial.js";
import { words } from "../shared/i18n/catalogue.js";
import type { Language } from "../shared/i18n/types.js";

/** The reason a request was not sent, from its cause. */
export function notSentReason(c: NotSentCause, lang: Language = "en"): string {
  const { t, f } = words(lang);
  const e = t.errors;
  switch (c.cause) {
    case "saturated-unreachable":
      return e.saturatedUnreachable(f.int(c.missed), f.int(c.planned), f.num(c.goodput, 2));
    case "saturated-rising":
      return e.saturatedRising(f.int(c.first_ms), f.int(c.last_ms));
    case "turn-failed":
      return e.turnFailed(f.int(c.turn));
    case "turn-without-answer":
      return e.turnWithoutAnswer(f.int(c.turn));
  }
}

/** The kind and message columns of a failed or unsent trial in the errors table. */
export function errorColumns(x: Trial, lang: Language = "en"): [kind: string, message: string] {
  if (!x.not_sent) return [x.error?.kind ?? "", x.error?.message ?? ""];
  const kind = words(lang).t.errors.kindNotSent;
  return [kind, x.not_sent_cause ? notSentReason(x.not_sent_cause, lang) : (x.error?.message ?? "")];
}

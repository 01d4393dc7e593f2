/** One check's implementation: the answer (reasoning already removed) in, a verdict with its reason out. */
import type { Check, CheckType } from "./schema.js";

export interface CheckItem {
  /** The dataset file or row the task ran on, if any. */
  file?: string;
  fields?: Readonly<Record<string, unknown>>;
}

/** Asks a judge variant; resolves to its answer text (reasoning removed). */
export type AskJudge = (variant: string, request: { system: string; text: string; max_tokens: number }) => Promise<string>;

export interface CheckContext {
  item: CheckItem;
  /** Folder of the experiment file; relative paths in checks are resolved against it. */
  baseDir: string;
  /** The prompt the answer responds to (the judge sees it). */
  question?: string;
  /** How `judge` checks reach their judge; without it a judge check fails saying so. */
  askJudge?: AskJudge;
}

export interface CheckResult {
  pass: boolean;
  /** 0–1 where the check grades (judge, function checks that return one); 1/0 otherwise. */
  score: number;
  /** Why, in a sentence a reader of the report understands. */
  detail: string;
  /** A judge check's grade, as the judge gave it. */
  judge?: { variant: string; score: number | null; reasoning: string };
}

export type CheckImpl<T extends CheckType> = (check: Extract<Check, { type: T }>, answer: string, context: CheckContext) => CheckResult | Promise<CheckResult>;
export type CheckRegistry = { [T in CheckType]: CheckImpl<T> };

export const passed = (detail: string): CheckResult => ({ pass: true, score: 1, detail });
export const failed = (detail: string): CheckResult => ({ pass: false, score: 0, detail });

/** Shortens a value for a detail message. */
export const excerpt = (s: string, n = 60): string => (s.length > n ? `${JSON.stringify(s.slice(0, n))}…` : JSON.stringify(s));

/**
 * Prompts read from a data file (`workload.prompts[].file`): one record per request, each a conversation — an
 * optional system message, earlier turns, and the user message being sent — with the line it starts on, so that a
 * stored trial can be traced back to its record.
 */
import type { ChatTurn } from "../../shared/chat.js";

export const PROMPT_FORMATS = ["jsonl", "sharegpt", "csv"] as const;
export type PromptFormat = (typeof PROMPT_FORMATS)[number];

export interface PromptRecord {
  system?: string;
  /** Earlier turns before `text` (empty for a single prompt). */
  history: ChatTurn[];
  /** The user message this request sends. */
  text: string;
  /** The line of the data file the record starts on (1-based). */
  line: number;
}

export interface PromptRecords {
  records: PromptRecord[];
  /**
   * Records left out because no user message is left to send once a trailing assistant turn (the reference answer)
   * is dropped — an empty conversation, or one of assistant turns only. Counted, and the first one named.
   */
  skipped: number;
  first_skipped?: { line: number; why: string };
}

/** A record that cannot be read: the line it is on and why. Thrown by the readers. */
export class RecordError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = "RecordError";
    this.line = line;
  }
}

export interface ReadOptions {
  /** CSV: the column that holds the prompt. */
  column?: string;
}

export type PromptReader = (text: string, options: ReadOptions) => PromptRecords;

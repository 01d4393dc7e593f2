/**
 * A list of role-tagged messages (a JSONL `messages` line, a ShareGPT conversation) made into a prompt record:
 * system messages become the system message (joined by blank lines), a trailing assistant turn is dropped (it is the
 * dataset's reference answer, not something to send), and the last remaining turn must be the user's — it is the text
 * sent, the turns before it the history.
 */
import type { ChatTurn } from "../../shared/chat.js";
import type { PromptRecord, PromptRecords } from "./types.js";

export interface Message {
  role: "system" | "user" | "assistant";
  content: string;
}

/** The record, or why the conversation has nothing to send (it is then skipped and counted). */
export function fromMessages(messages: readonly Message[], line: number): PromptRecord | string {
  const system = messages.filter((m) => m.role === "system").map((m) => m.content);
  const turns: ChatTurn[] = messages.filter((m): m is ChatTurn => m.role !== "system");
  if (turns.at(-1)?.role === "assistant") turns.pop();
  const last = turns.pop();
  if (!last) return "no user message to send";
  if (last.role !== "user") return "ends with two assistant turns; no user message to send";
  const record: PromptRecord = { history: turns, text: last.content, line };
  if (system.length > 0) record.system = system.join("\n\n");
  return record;
}

/** Collects records, counting the skipped ones. */
export class Collector {
  readonly out: PromptRecords = { records: [], skipped: 0 };
  add(r: PromptRecord | string, line: number): void {
    if (typeof r !== "string") {
      this.out.records.push(r);
      return;
    }
    this.out.skipped++;
    this.out.first_skipped ??= { line, why: r };
  }
}

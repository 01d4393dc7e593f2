/**
 * Turns a server's streamed text into chunk events. Text the server sent as reasoning (a separate field) is reasoning;
 * text it sent as the answer goes through the {@link ReasoningSplitter}, so `<think>…</think>` and gpt-oss harmony
 * channels inside the answer text become reasoning chunks too, wherever the stream cut a tag.
 */
import { ReasoningSplitter, spreadByLength, type SplitSink } from "../shared/reasoning-split.js";
import type { EventOut } from "./types.js";

export class ChunkEmitter {
  private readonly splitter = new ReasoningSplitter();
  private t = 0;
  private out: EventOut = [];
  private readonly sink: SplitSink = (kind, text, tokens, retro) => {
    this.out.push(retro ? { type: "chunk", t: this.t, tokens, kind, text, retro: true } : { type: "chunk", t: this.t, tokens, kind, text });
  };

  /** True once reasoning markup was found inside the answer text. */
  get inline(): boolean {
    return this.splitter.inline;
  }

  /** One event's text: `reasoning` from the server's own reasoning field, `answer` from its content field. */
  text(t: number, reasoning: string | null | undefined, answer: string | null | undefined, tokens: number, out: EventOut): void {
    let answerTokens = tokens;
    if (reasoning) {
      let own = tokens;
      if (answer) [own, answerTokens] = spreadByLength(tokens, [reasoning.length, answer.length]) as [number, number];
      out.push({ type: "chunk", t, tokens: own, kind: "reasoning", text: reasoning });
    }
    if (answer) {
      this.t = t;
      this.out = out;
      this.splitter.push(answer, answerTokens, this.sink);
    }
  }

  /** The end of the stream: any text held back as a possible tag. */
  flush(t: number, out: EventOut): void {
    this.t = t;
    this.out = out;
    this.splitter.flush(this.sink);
  }
}

/**
 * Splits streamed model text into reasoning and answer, for servers that send the reasoning inside the answer text:
 *
 * - inline `<think>…</think>` (DeepSeek-R1, Qwen3, QwQ; LM Studio with "separate reasoning_content" off, llama-server
 *   `--reasoning-format none`, vLLM without `--reasoning-parser`, Ollama without `think`). A `</think>` with no opening
 *   tag means the chat template opened it inside the prompt: everything before it was reasoning.
 * - gpt-oss harmony text: `<|channel|>analysis<|message|>…<|end|><|start|>assistant<|channel|>final<|message|>…`.
 *   Only the `final` channel is answer; `analysis` and `commentary` are reasoning; headers (role, channel names,
 *   `<|constrain|>` types) are neither.
 *
 * Pure and incremental: a tag split over two pieces of text is held back until it is complete, so it is recognised
 * wherever the server cut the stream. Text without `<` in a body state passes through without copying (the per-event
 * cost on the timing path stays one `indexOf`). Used by the backends (streaming) and by the checks (whole answers).
 */
export type SplitKind = "reasoning" | "answer";

/** Receives each piece of visible text with its kind, its share of the event's tokens, and — once, on the first piece
 * after an unopened `</think>` — `retro: true`, meaning that everything emitted before it was reasoning too. */
export type SplitSink = (kind: SplitKind, text: string, tokens: number, retro: boolean) => void;

const THINK_OPEN = "<think>";
const THINK_CLOSE = "</think>";
const H_START = "<|start|>";
const H_CHANNEL = "<|channel|>";
const H_MESSAGE = "<|message|>";
const H_CONSTRAIN = "<|constrain|>";
const H_ENDS = ["<|end|>", "<|return|>", "<|call|>"];
const MARKERS = [THINK_OPEN, THINK_CLOSE, H_START, H_CHANNEL, H_MESSAGE, H_CONSTRAIN, ...H_ENDS];
const LONGEST = Math.max(...MARKERS.map((m) => m.length));

type State = "answer" | "reasoning" | "header";

export class ReasoningSplitter {
  private state: State = "answer";
  private pending = "";
  private channel = "";
  private inChannelName = false;
  private sawThinkOpen = false;
  private sawAnything = false;
  private retroDue = false;
  /** Tokens of text that produced no visible piece (tags, headers), carried to the next piece. */
  private carried = 0;
  /** Whether any reasoning markup was seen: the answer text arrived with reasoning inside it. */
  inline = false;
  private pieces: Array<[SplitKind, string, boolean]> = [];

  /** Splits one streamed piece of text that carried `tokens` tokens. */
  push(text: string, tokens: number, sink: SplitSink): void {
    if (this.pending === "" && this.state !== "header" && text.indexOf("<") < 0) {
      if (!text) {
        this.carried += tokens;
        return;
      }
      this.sawAnything = true;
      const retro = this.retroDue;
      this.retroDue = false;
      this.emitOne(this.state, text, tokens, retro, sink);
      return;
    }
    this.pieces.length = 0;
    this.scan(this.pending + text);
    this.deliver(tokens, sink);
  }

  /** The end of the stream: text held back as a possible tag is what it looked like. Returns tokens left unplaced. */
  flush(sink: SplitSink): number {
    const rest = this.pending;
    this.pending = "";
    this.pieces.length = 0;
    if (rest) this.visible(rest);
    this.deliver(0, sink);
    const left = this.carried;
    this.carried = 0;
    return left;
  }

  private emitOne(kind: SplitKind, text: string, tokens: number, retro: boolean, sink: SplitSink): void {
    sink(kind, text, tokens + this.carried, retro);
    this.carried = 0;
  }

  /** Hands the scanned pieces out, sharing the event's tokens among them by text length (largest remainder). */
  private deliver(tokens: number, sink: SplitSink): void {
    const pieces = this.pieces;
    if (pieces.length === 0) {
      this.carried += tokens;
      return;
    }
    if (pieces.length === 1) {
      const [kind, text, retro] = pieces[0]!;
      this.emitOne(kind, text, tokens, retro, sink);
      return;
    }
    const shares = spreadByLength(tokens, pieces.map((p) => p[1].length));
    pieces.forEach(([kind, text, retro], i) => this.emitOne(kind, text, shares[i] ?? 0, retro, sink));
  }

  private visible(text: string): void {
    if (!text) return;
    if (this.state === "header") {
      if (this.inChannelName) this.channel += text;
      return;
    }
    this.sawAnything = true;
    const last = this.pieces[this.pieces.length - 1];
    if (this.retroDue) {
      this.retroDue = false;
      this.pieces.push([this.state, text, true]);
    } else if (last && last[0] === this.state) last[1] += text;
    else this.pieces.push([this.state, text, false]);
  }

  private scan(buf: string): void {
    this.pending = "";
    let i = 0;
    for (;;) {
      const j = buf.indexOf("<", i);
      if (j < 0) {
        this.visible(buf.slice(i));
        return;
      }
      this.visible(buf.slice(i, j));
      const marker = MARKERS.find((m) => buf.startsWith(m, j));
      if (marker) {
        this.onMarker(marker);
        i = j + marker.length;
        continue;
      }
      const tail = buf.slice(j);
      if (tail.length < LONGEST && MARKERS.some((m) => m.startsWith(tail))) {
        this.pending = tail;
        return;
      }
      this.visible("<");
      i = j + 1;
    }
  }

  private onMarker(marker: string): void {
    this.inline = true;
    switch (marker) {
      case THINK_OPEN:
        this.sawThinkOpen = true;
        this.state = "reasoning";
        return;
      case THINK_CLOSE:
        if (!this.sawThinkOpen && this.state === "answer" && this.sawAnything) this.retroDue = true;
        this.sawThinkOpen = true;
        this.state = "answer";
        return;
      case H_START:
        this.state = "header";
        this.inChannelName = false;
        this.channel = "";
        return;
      case H_CHANNEL:
        this.state = "header";
        this.inChannelName = true;
        this.channel = "";
        return;
      case H_CONSTRAIN:
        this.inChannelName = false;
        return;
      case H_MESSAGE: {
        const channel = this.channel.trim();
        this.inChannelName = false;
        this.state = channel === "" || channel.startsWith("final") ? "answer" : "reasoning";
        return;
      }
      default:
        // <|end|>, <|return|>, <|call|>: the message is over; what follows until the next <|message|> is header.
        this.state = "header";
        this.inChannelName = false;
        this.channel = "";
    }
  }
}

/** Shares `total` among parts in proportion to their weights, in whole numbers that add up to `total`. */
export function spreadByLength(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return weights.map((_, i) => (i === weights.length - 1 ? total : 0));
  const exact = weights.map((w) => (w / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out;
}

/** A whole text split once: the reasoning and the answer (what checks see). */
export function splitReasoning(text: string): { reasoning: string; answer: string; inline: boolean } {
  const s = new ReasoningSplitter();
  let reasoning = "";
  let answer = "";
  const sink: SplitSink = (kind, piece, _tokens, retro) => {
    if (retro) {
      reasoning += answer;
      answer = "";
    }
    if (kind === "answer") answer += piece;
    else reasoning += piece;
  };
  s.push(text, 0, sink);
  s.flush(sink);
  return { reasoning, answer, inline: s.inline };
}

/**
 * What a request keeps of its stream while it streams, as columns: each chunk's time, tokens, kind and text length in
 * typed arrays sized for the tokens asked for, and the answer and reasoning text as lists of parts, joined once the
 * stream is over. The trial's `chunks` objects are made then, once.
 *
 * A stream's record stays alive for as long as the stream, so every young-generation collection during it copies the
 * record again — and pauses every other stream in flight while it does. Kept as an object per chunk (its time boxed in a
 * heap number) and the text as a string appended to per event, a chunk held about 140 bytes of the young heap; here its
 * columns lie outside the heap (typed arrays' storage is not copied by a collection) and only the text part remains, a
 * slot in a list. Measured at 64 streams, 440 chunks into each: 4.2 MB of live heap before, 1.3 MB after (plus 1.3 MB
 * of column storage outside it), and the young-generation pauses during the streams about halved.
 */
import type { ChunkKind } from "../backends/types.js";
import type { Chunk } from "../store/trial.js";

/** A time in ms, rounded to the µs (as every stored time is). */
export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;

const ANSWER = 0;
const REASONING = 1;
/** Columns are sized for the tokens asked for, up to this many chunks; past it they double. */
const MAX_INITIAL = 4096;
const DEFAULT_INITIAL = 256;

export class StreamLog {
  private n = 0;
  /** ms on the performance clock, when the read that completed the chunk arrived. */
  private t: Float64Array;
  private tokens: Float64Array;
  private kinds: Uint8Array;
  private lengths: Uint32Array;
  private answerParts: string[] = [];
  private readonly reasoningParts: string[] = [];

  /** `expected`: the most chunks the stream should bring (its max_tokens), when known. */
  constructor(expected?: number) {
    const size = expected !== undefined && expected > 0 ? Math.min(expected + 1, MAX_INITIAL) : DEFAULT_INITIAL;
    this.t = new Float64Array(size);
    this.tokens = new Float64Array(size);
    this.kinds = new Uint8Array(size);
    this.lengths = new Uint32Array(size);
  }

  push(t: number, tokens: number, kind: ChunkKind, text: string): void {
    const i = this.n;
    if (i === this.t.length) this.grow();
    this.t[i] = t;
    this.tokens[i] = tokens;
    this.lengths[i] = text.length;
    if (kind === "answer") {
      this.kinds[i] = ANSWER;
      this.answerParts.push(text);
    } else {
      this.kinds[i] = REASONING;
      this.reasoningParts.push(text);
    }
    this.n = i + 1;
  }

  /** A `</think>` whose `<think>` was in the prompt: everything so far was reasoning, not answer. */
  allReasoning(): void {
    this.kinds.fill(REASONING, 0, this.n);
    for (const p of this.answerParts) this.reasoningParts.push(p);
    this.answerParts = [];
  }

  answer(): string {
    return this.answerParts.join("");
  }

  reasoning(): string {
    return this.reasoningParts.join("");
  }

  /** Each chunk's text length, in order (a view on the column, not a copy). */
  textLengths(): Uint32Array {
    return this.lengths.subarray(0, this.n);
  }

  /** The trial's chunks, times made relative to `sent` and rounded to the µs. */
  chunks(sent: number): Chunk[] {
    const out = new Array<Chunk>(this.n); // sized once: every slot is filled below
    for (let i = 0; i < this.n; i++) {
      out[i] = { t_ms: roundMs(this.t[i]! - sent), tokens: this.tokens[i]!, kind: this.kinds[i] === ANSWER ? "answer" : "reasoning" };
    }
    return out;
  }

  private grow(): void {
    const size = this.t.length * 2;
    this.t = grown(this.t, new Float64Array(size));
    this.tokens = grown(this.tokens, new Float64Array(size));
    this.kinds = grown(this.kinds, new Uint8Array(size));
    this.lengths = grown(this.lengths, new Uint32Array(size));
  }
}

/** `into`, holding `from`'s values at its start. */
function grown<T extends Float64Array | Uint8Array | Uint32Array>(from: T, into: T): T {
  into.set(from);
  return into;
}

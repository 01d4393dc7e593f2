/**
 * Context depth (issue #12, like llama-bench `-d`): each speed prompt is also measured after this many tokens of filler,
 * so prefill and decode are measured at a filled context. Every depth request starts with a cache-busting nonce (whatever
 * `prompt_cache` says), so the server really processes the depth.
 */
import { z } from "zod";

export const MAX_DEPTH = 1_048_576;

export const Depth = z
  .array(z.int().min(0).max(MAX_DEPTH))
  .min(1)
  .max(64)
  .optional()
  .describe(
    "Context depths in tokens, e.g. [0, 4096, 16384]: each prompt is also sent after about this many tokens of filler, one request at a time, `repetitions` times per depth, with a cache-busting nonce first, to measure prefill and decode at a filled context (llama-bench -d). 0 = the prompt alone (the concurrency-1 level when there is one).",
  );

/**
 * Where a speed prompt comes from, besides a written `text` or `synthetic_tokens`: a data file (`file:` JSONL,
 * ShareGPT JSON or CSV), a feasibility dataset (`from_dataset:`), or synthetic text whose length is drawn per request
 * (`input_tokens:`); and the output length per request (`output_tokens:`). These fields are spread into the prompt
 * entry's schema (see `Prompt` in schema.ts); `sources-refs.ts` checks that an entry names exactly one source and that
 * its file can be read.
 */
import { z } from "zod";
import { PROMPT_FORMATS } from "../load/prompts/types.js";

const Tokens = z.int().min(1).max(1_000_000);

export const LengthDistribution = z
  .strictObject({
    mean: z.number().min(1).max(1_000_000).describe("Mean length in tokens."),
    sd: z.number().min(0).max(1_000_000).default(0).describe("Standard deviation in tokens (a normal distribution; 0: always the mean)."),
    min: Tokens.optional().describe("Shortest length: draws below it are drawn again (default 1)."),
    max: Tokens.optional().describe("Longest length: draws above it are drawn again."),
  })
  .describe("A length drawn per request from a normal distribution truncated to [min, max], rounded to whole tokens, with the workload's seed.");

export const Length = z.union([Tokens, LengthDistribution]);

export const SOURCE_FIELDS = {
  input_tokens: Length.optional().describe(
    "Instead of text: synthetic text whose length (tokens) is a fixed value or drawn per request from {mean, sd, min, max} with the seed; each trial records its target as input_tokens_target.",
  ),
  file: z
    .string()
    .min(1)
    .optional()
    .describe("Instead of text: a data file of prompts (relative to the experiment file), one per record: JSONL ({\"prompt\"} or {\"messages\"} per line), ShareGPT JSON, or CSV with a header row. Each request sends its own record."),
  from_dataset: z.string().min(1).optional().describe("Instead of text: the prompts are the items of this dataset (a key of `datasets`): each file's text, or with `column` that field of each CSV row / JSON element."),
  format: z.enum(PROMPT_FORMATS).optional().describe("The file's format: jsonl, sharegpt or csv. Default: from the extension (.jsonl/.ndjson, .json, .csv)."),
  column: z.string().min(1).optional().describe("CSV: the column holding the prompt (default `prompt`); from_dataset: the record field holding it."),
  sample: z.int().min(1).max(10_000_000).optional().describe("Use this many records, drawn without replacement with the seed (default: all, shuffled with the seed). Requests take them in that order and start again from the first when a level needs more."),
  output_tokens: Length.optional().describe(
    "Output tokens per request: a fixed value or {mean, sd, min, max} drawn per request with the seed; sent as the request's max_tokens (a variant's max_tokens still wins). Only ignore_eos: true makes the model generate that many; each trial records its target as output_tokens_target.",
  ),
};

export type LengthSpec = z.infer<typeof Length>;

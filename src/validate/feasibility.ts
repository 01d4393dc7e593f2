/**
 * The parts of an experiment of kind `feasibility`: datasets of files, tasks on them with checks, and the two stages
 * (flagship, then open-weight) with the pass threshold. See issue #6 and the README's "Feasibility trials".
 */
import { z } from "zod";
import { Check } from "../check/schema.js";

const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "must be an id: letters, digits, '.', '_', ':' or '-', starting with a letter or digit")
  .max(80);

export const CLASSIFICATIONS = ["public", "surrogate", "confidential"] as const;

export const Dataset = z
  .strictObject({
    files: z
      .array(z.string().min(1))
      .min(1)
      .describe("Glob patterns relative to the experiment file, e.g. data/invoices/*.pdf. Text, Markdown, HTML, JSON, CSV and PDF files."),
    classification: z
      .enum(CLASSIFICATIONS)
      .describe("public; surrogate (made to resemble the real data); confidential (never sent to a remote backend)."),
    description: z.string().optional(),
  })
  .describe("Files a task runs on, and how sensitive they are.");

export const Task = z
  .strictObject({
    id: Id.describe("Names the task in runs and reports."),
    dataset: Id.describe("A key of `datasets`."),
    per: z
      .enum(["file", "record", "dataset"])
      .default("file")
      .describe("One item per file (default); per record (each CSV row or JSON array element); or one item for the whole dataset."),
    system: z.string().optional().describe("System message; placeholders allowed."),
    prompt: z
      .string()
      .min(1)
      .describe("User message. Placeholders: {{text}} (the file's text, or the record as JSON), {{name}}, {{path}}, {{files}} (every file, each under its name), and any record field, e.g. {{customer}}."),
    max_tokens: z.int().min(1).max(1_000_000).optional().describe("Output tokens for this task; default: workload.max_tokens."),
    checks: z.array(Check).min(1).describe("Every check must pass for the answer to pass."),
  })
  .describe("A prompt template applied to each item of a dataset, and the checks its answer must pass.");

export const Stages = z
  .strictObject({
    flagship: z.array(Id).min(1).describe("Variant ids of flagship (API) models, run first."),
    open_weight: z.array(Id).min(1).describe("Variant ids of open-weight models, run when a flagship passes."),
    repetitions: z.int().min(1).max(10_000).default(3).describe("Requests per variant, task and item."),
    threshold: z.number().min(0).max(1).default(0.8).describe("A variant passes when every task's pass rate is at least this."),
    force_open_weight: z.boolean().default(false).describe("Run the open-weight stage even when every flagship fails."),
  })
  .describe("The protocol: flagship first; open-weight only if a flagship passes (unless forced).");

export const Cost = z
  .strictObject({
    input_per_mtok: z.number().min(0).optional().describe("API price per million input (prompt) tokens."),
    output_per_mtok: z.number().min(0).optional().describe("API price per million output tokens (reasoning included)."),
    per_hour: z.number().min(0).optional().describe("Declared cost of running a local model for an hour (hardware amortisation, energy)."),
    currency: z.string().min(1).max(8).default("USD"),
    basis: z.string().optional().describe("Where the figure comes from, e.g. 'list price 2026-11' or 'Mac Studio over 3 years + 120 W'."),
  })
  .describe("What a request costs: API prices per token, or a declared hourly cost for local hardware.");

export type Dataset = z.infer<typeof Dataset>;
export type Task = z.infer<typeof Task>;
export type Stages = z.infer<typeof Stages>;
export type Cost = z.infer<typeof Cost>;
export type Classification = (typeof CLASSIFICATIONS)[number];

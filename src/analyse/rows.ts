/**
 * Trials and chunks as flat rows (one object per trial, one per chunk) — the shape of the DataFrames notebooks use
 * and of the CSV export. Columns are documented here once.
 */
import type { StoredRun } from "./load-run.js";
import { TRIAL_METRICS, METRIC_IDS } from "./metrics/index.js";
import { tokenMismatch } from "./metrics/tokens.js";

export interface TrialRow {
  run_id: string;
  experiment: string;
  trial: string;
  variant: string;
  backend: string;
  format: string;
  quantization: string | null;
  model: string;
  prompt: string;
  concurrency: number;
  /** Open-loop levels: the offered rate (req/s), when the request was due in its level and how late it was sent (ms). */
  rate: number | null;
  scheduled_ms: number | null;
  send_lateness_ms: number | null;
  /** Context-depth levels: tokens of filler before the prompt. */
  depth: number | null;
  /** Conversations: the turn, from 1. */
  turn: number | null;
  /** Never sent (a level stopped early, a conversation ended by a failed turn): not a failed request. */
  not_sent: boolean;
  repetition: number;
  warmup: boolean;
  in_flight: number;
  session: number;
  started_at: string;
  first_byte_ms: number | null;
  ttft_ms: number | null;
  ttft_answer_ms: number | null;
  e2e_ms: number | null;
  tpot_ms: number | null;
  decode_tps_client: number | null;
  decode_tps_server: number | null;
  prefill_tps_client: number | null;
  prefill_tps_server: number | null;
  load_ms_server: number | null;
  output_tokens: number | null;
  output_tokens_client: number | null;
  output_tokens_server: number | null;
  token_mismatch: boolean;
  reasoning_tokens: number;
  prompt_tokens_client: number | null;
  prompt_tokens_server: number | null;
  /** `input_tokens` prompts: the length this request's prompt was made to; null otherwise. */
  input_tokens_target: number | null;
  /** `output_tokens`: the max_tokens this request asked for; null otherwise. */
  output_tokens_target: number | null;
  /** Prompts from a file or dataset: `file:line` (dataset records `file#record`) of the record sent; null otherwise. */
  source: string | null;
  chunks: number;
  finish_reason: string | null;
  error_kind: string | null;
  error_message: string | null;
}

export interface ChunkRow {
  run_id: string;
  trial: string;
  variant: string;
  prompt: string;
  concurrency: number;
  warmup: boolean;
  index: number;
  t_ms: number;
  /** Gap since the previous chunk (null for the first: that is TTFT). */
  gap_ms: number | null;
  tokens: number;
  kind: string;
}

export function trialRows(run: StoredRun): TrialRow[] {
  const m = run.manifest;
  return run.trials.map((t) => {
    const v = m.variants[t.variant];
    const metric = Object.fromEntries(METRIC_IDS.map((id) => [id, TRIAL_METRICS[id].of(t)])) as Record<(typeof METRIC_IDS)[number], number | null>;
    return {
      run_id: m.run_id,
      experiment: m.experiment.name,
      trial: t.trial,
      variant: t.variant,
      backend: v?.backend ?? "",
      format: v?.declared.format ?? "",
      quantization: v?.declared.quantization ?? v?.model?.quantization_reported ?? null,
      model: v?.declared.model ?? "",
      prompt: t.prompt,
      concurrency: t.concurrency,
      rate: t.rate ?? null,
      scheduled_ms: t.scheduled_ms ?? null,
      send_lateness_ms: t.send_lateness_ms ?? null,
      depth: t.depth ?? null,
      turn: t.turn ?? null,
      not_sent: t.not_sent === true,
      repetition: t.repetition,
      warmup: t.warmup,
      in_flight: t.in_flight,
      session: t.session ?? 0,
      started_at: t.started_at,
      first_byte_ms: t.first_byte_ms,
      ttft_ms: t.ttft_ms,
      ttft_answer_ms: t.ttft_answer_ms,
      e2e_ms: t.e2e_ms,
      tpot_ms: metric.tpot_ms,
      decode_tps_client: metric.decode_tps_client,
      decode_tps_server: metric.decode_tps_server,
      prefill_tps_client: metric.prefill_tps_client,
      prefill_tps_server: metric.prefill_tps_server,
      load_ms_server: metric.load_ms_server,
      output_tokens: metric.output_tokens,
      output_tokens_client: t.output_tokens.client,
      output_tokens_server: t.output_tokens.server,
      token_mismatch: tokenMismatch(t),
      reasoning_tokens: t.reasoning_tokens,
      prompt_tokens_client: t.prompt_tokens.client,
      prompt_tokens_server: t.prompt_tokens.server,
      input_tokens_target: t.input_tokens_target ?? null,
      output_tokens_target: t.output_tokens_target ?? null,
      source: t.source ? `${t.source.file}${t.source.line !== undefined ? `:${t.source.line}` : t.source.record !== undefined ? `#${t.source.record}` : ""}` : null,
      chunks: t.chunks.length,
      finish_reason: t.finish_reason,
      error_kind: t.error?.kind ?? null,
      error_message: t.error?.message ?? null,
    };
  });
}

export function chunkRows(run: StoredRun): ChunkRow[] {
  return run.trials.flatMap((t) =>
    t.chunks.map((c, index) => ({
      run_id: run.manifest.run_id,
      trial: t.trial,
      variant: t.variant,
      prompt: t.prompt,
      concurrency: t.concurrency,
      warmup: t.warmup,
      index,
      t_ms: c.t_ms,
      gap_ms: index === 0 ? null : c.t_ms - (t.chunks[index - 1]?.t_ms ?? 0),
      tokens: c.tokens,
      kind: c.kind,
    })),
  );
}

/**
 * The experiment file format, in one place. TypeScript types are inferred from these schemas and the JSON Schema in
 * `schema/experiment.schema.json` is generated from them (`npm run schema`), so the three never disagree.
 *
 * Field names are snake_case because they are written by people in YAML.
 */
import { z } from "zod";
import { Cost, Dataset, Stages, Task } from "./feasibility.js";
import { LoadLevel, LoadWorkers, Sweep, UserInterval } from "./load.js";
import { Depth } from "./depth.js";
import { Sessions } from "./sessions.js";
import { LANGUAGES } from "../shared/i18n/types.js";
import { SOURCE_FIELDS } from "./sources.js";

export const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "must be an id: letters, digits, '.', '_', ':' or '-', starting with a letter or digit")
  .max(80)
  .describe("An identifier: letters, digits, '.', '_', ':' or '-'.");

const EnvName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the NAME of an environment variable (not the key itself), e.g. OPENAI_API_KEY")
  .describe("Name of the environment variable that holds the value. The value itself never goes into an experiment or a run.");

/** On every HTTP backend: requests to a loopback host are local anyway; `local: true` vouches for an on-premises one. */
const DeclaredLocal = z.boolean().optional().describe("Declare a non-loopback server as local (on premises). Loopback hosts are always local.");

const HttpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });

export const LlamaCppBackend = z
  .strictObject({
    type: z.literal("llama-cpp").describe("llama.cpp embedded in this process through node-llama-cpp."),
    threads: z.int().min(1).max(512).optional().describe("CPU threads for generation. Default: 1 on machines with 2 cores or fewer, else 4."),
    context_size: z.int().min(128).max(1_048_576).optional().describe("Context window in tokens. Default: prompt + max_tokens, rounded up, at least 1024."),
    batch_size: z.int().min(1).max(65_536).optional().describe("Logical batch size for prompt processing."),
    gpu_layers: z.union([z.int().min(0).max(10_000), z.literal("max")]).optional().describe("Layers offloaded to the GPU. Default 0 (CPU)."),
    models_dir: z.string().min(1).optional().describe("Folder of GGUF files listed by `trialbook models` (relative to the experiment file)."),
  })
  .describe("Embedded llama.cpp engine.");

export const OpenAIBackend = z
  .strictObject({
    type: z.literal("openai").describe("Any OpenAI-compatible server: llama-server, LM Studio, vLLM, LiteLLM, OpenAI."),
    base_url: HttpUrl.describe("Base URL including /v1, e.g. http://127.0.0.1:1234/v1 for LM Studio."),
    api_key_env: EnvName.optional(),
    endpoint: z.enum(["chat", "completions"]).default("chat").describe("chat: /chat/completions; completions: /completions with the prompt text as is."),
    local: DeclaredLocal,
  })
  .describe("OpenAI-compatible HTTP server, streamed over SSE.");

export const OllamaBackend = z
  .strictObject({
    type: z.literal("ollama").describe("An Ollama server."),
    host: HttpUrl.default("http://127.0.0.1:11434").describe("Ollama's address."),
    api: z.enum(["chat", "generate"]).default("chat").describe("chat: /api/chat; generate: /api/generate (raw prompt)."),
    keep_alive: z.union([z.string(), z.number()]).optional().describe("How long Ollama keeps the model loaded, e.g. '10m'."),
    local: DeclaredLocal,
  })
  .describe("Ollama's native streaming API.");

export const LmStudioBackend = z
  .strictObject({
    type: z.literal("lmstudio").describe("LM Studio's native REST API (/api/v0): the server's own stats, model_info and runtime."),
    host: HttpUrl.default("http://localhost:1234").describe("LM Studio's address (without /api/v0)."),
    api_key_env: EnvName.optional().describe("Environment variable holding an LM Studio API token, when the server requires one."),
    local: DeclaredLocal,
  })
  .describe("LM Studio's native REST API: streamed /api/v0/chat/completions, models from /api/v0/models.");

export const AnthropicBackend = z
  .strictObject({
    type: z.literal("anthropic").describe("Anthropic's Messages API, streamed."),
    base_url: HttpUrl.default("https://api.anthropic.com").describe("API address (without /v1)."),
    api_key_env: EnvName.describe("Environment variable holding the API key, e.g. ANTHROPIC_API_KEY."),
    version: z.string().default("2023-06-01").describe("The anthropic-version header."),
    local: DeclaredLocal,
  })
  .describe("Anthropic Messages API (flagship models).");

export const GeminiBackend = z
  .strictObject({
    type: z.literal("gemini").describe("Google's Gemini API (streamGenerateContent over SSE)."),
    base_url: HttpUrl.default("https://generativelanguage.googleapis.com").describe("API address (without /v1beta)."),
    api_key_env: EnvName.describe("Environment variable holding the API key, e.g. GEMINI_API_KEY."),
    local: DeclaredLocal,
  })
  .describe("Google Gemini API (flagship models).");

export const Backend = z.discriminatedUnion("type", [LlamaCppBackend, OpenAIBackend, OllamaBackend, LmStudioBackend, AnthropicBackend, GeminiBackend]);
export const BACKEND_TYPES = ["llama-cpp", "openai", "ollama", "lmstudio", "anthropic", "gemini"] as const;

const PromptCache = z.enum(["bust", "allow", "measure"]);
const UnloadBefore = z
  .boolean()
  .optional()
  .describe("Unload the model before each measured request, where the server allows it (Ollama keep_alive 0, LM Studio unload), so every measured request pays a cold load on purpose.");

export const Variant = z.strictObject({
  id: Id.describe("Names the variant in runs and reports."),
  backend: Id.describe("A key of `backends`."),
  model: z.string().min(1).describe("Model name as the server knows it, or a GGUF path (relative to the experiment file) for llama-cpp."),
  format: z.enum(["gguf", "mlx", "other"]).describe("Weight format, declared: gguf (Ollama, llama.cpp), mlx (LM Studio, mlx_lm) or other."),
  quantization: z.string().min(1).optional().describe("Declared quantization, e.g. Q4_K_M, MXFP4, 4bit."),
  parameters: z.string().min(1).optional().describe("Declared parameter count, e.g. 20B; for MoE also the active count."),
  notes: z.string().optional(),
  reasoning_effort: z
    .enum(["low", "medium", "high"])
    .optional()
    .describe(
      "How hard a reasoning model thinks, sent the way each server takes it: OpenAI-compatible servers (OpenAI, vLLM, LM Studio) `reasoning_effort`; Ollama `think` (levels for gpt-oss, true for other models); Anthropic a thinking budget (low 2048, medium 8192, high 24576 tokens, below max_tokens); Gemini `thinkingBudget` (same figures). Recorded with the variant; gpt-oss results are not comparable without it.",
    ),
  options: z.record(z.string(), z.unknown()).optional().describe("Extra request fields passed to the server unchanged (OpenAI body fields, Ollama options)."),
  bytes_per_token: z.number().positive().max(1e13).optional().describe("Bytes of weights read per generated token, for the decode roofline (for MoE: the active weights). Default: the GGUF file size."),
  max_tokens: z.int().min(1).max(1_000_000).optional().describe("Output token cap for this variant, over the workload's and the task's (e.g. a small answer budget as a configuration under test)."),
  cost: Cost.optional(),
  unload_before: UnloadBefore,
});

export const Prompt = z.strictObject({
  id: Id,
  text: z.string().min(1).optional().describe("The user message (or the raw prompt for raw endpoints)."),
  synthetic_tokens: z.int().min(1).max(1_000_000).optional().describe("Instead of text: generated filler of about this many tokens (exact on the embedded engine)."),
  system: z.string().optional().describe("Optional system message."),
  ...SOURCE_FIELDS,
});

export const Workload = z.strictObject({
  prompts: z.array(Prompt).min(1).optional().describe("Speed experiments: the prompts. (Feasibility experiments take their prompts from `tasks`.)"),
  max_tokens: z.int().min(1).max(1_000_000).describe("Output tokens requested per request."),
  ignore_eos: z.boolean().default(false).describe("Generate exactly max_tokens where the backend allows it."),
  temperature: z.number().min(0).max(10).default(0),
  seed: z.int().min(0).max(2_147_483_647).default(42),
  warmup: z.int().min(0).max(1000).default(1).describe("Warm-up requests per variant and prompt, run first, stored, flagged and left out of statistics."),
  repetitions: z.int().min(1).max(100_000).default(3).describe("Measured requests per variant, prompt and concurrency slot (speed; feasibility uses stages.repetitions)."),
  concurrency: z.array(z.int().min(1).max(4096)).min(1).default([1]).describe("Load levels: requests in flight at once (speed; feasibility runs one at a time)."),
  load: z.array(LoadLevel).min(1).max(256).optional().describe("Open-loop levels (after the concurrency levels): requests arrive at a rate, whatever is in flight."),
  sweep: Sweep.optional(),
  depth: Depth,
  sessions: Sessions.optional(),
  user_interval_s: UserInterval,
  prompt_cache: PromptCache.default("bust").describe(
    "bust (default): each speed request's prompt starts with a short unique nonce (kept on the trial as prompt_nonce), and llama-server gets cache_prompt: false and vLLM a cache_salt, so no measured request reuses another's prompt cache. allow: prompts sent as written; cached requests are counted and flagged. measure: each prompt sent cold, then warm (the same nonce again, prompt id '<id>:warm'), to report the cache's effect.",
  ),
  unload_before: UnloadBefore,
});

export const Settings = z.strictObject({
  request_timeout_s: z.number().gt(0).max(86_400).default(300).describe("A request still running after this is aborted and recorded as a timeout."),
  keep_output: z.boolean().default(true).describe("Store each answer's text with its trial."),
  load_workers: LoadWorkers,
});

export const Slo = z
  .strictObject({
    ttft_ms: z.number().positive().optional().describe("A request meets the SLO only if its TTFT is at most this."),
    tpot_ms: z.number().positive().optional().describe("… and its TPOT at most this."),
    e2e_ms: z.number().positive().optional().describe("… and its end-to-end latency at most this."),
    goodput: z.number().gt(0).max(1).default(0.9).describe("Share of requests that must meet every SLO for a load level to pass (capacity). Default 0.9."),
  })
  .describe("Service-level objectives for goodput, e.g. MLPerf interactive: ttft_ms 500, tpot_ms 30.");

export const ReportInfo = z
  .strictObject({
    title: z.string().min(1).optional().describe("Report title; default: the experiment's description or name."),
    client: z.string().min(1).optional(),
    project: z.string().min(1).optional(),
    author: z.string().min(1).optional(),
    language: z.enum(LANGUAGES).optional().describe("The report's language: en (default) or ja. Every heading, sentence, table header, unit, chart label and definition follows it; model output and experiment strings stay as written. `trialbook report --lang` overrides it."),
    logo: z.string().min(1).optional().describe("A PNG, JPEG or SVG image file (relative to the experiment file), embedded in the report and shown at the top of every page."),
    confidential: z.string().min(1).max(200).optional().describe("A confidentiality line printed on every page of the report, e.g. \"Confidential: prepared for ACME only\"."),
  })
  .describe("What the title page of `trialbook report` names; client, project, author, logo and confidential also head every page.");

export const Machine = z
  .strictObject({
    name: z.string().optional(),
    chip: z.string().optional(),
    memory_gb: z.number().positive().max(1_000_000).optional(),
    memory_bandwidth_gbps: z.number().positive().max(1_000_000).optional().describe("For the decode roofline."),
    gpu: z.string().optional(),
  })
  .describe("Facts about the machine that trialbook cannot read itself (it records what it can read in the manifest).");

export const Experiment = z.strictObject({
  name: Id.describe("Names the experiment; runs are stored under runs/<name>/."),
  description: z.string().optional(),
  kind: z.enum(["speed", "feasibility"]).default("speed").describe("speed: how fast (prompts × load levels); feasibility: can it be done (tasks on files, checks, stages)."),
  backends: z.record(Id, Backend).describe("Backends by id."),
  variants: z.array(Variant).min(1),
  workload: Workload,
  settings: Settings.default({ request_timeout_s: 300, keep_output: true, load_workers: 1 }),
  machine: Machine.optional(),
  slo: Slo.optional(),
  report: ReportInfo.optional(),
  datasets: z.record(Id, Dataset).optional().describe("Feasibility: files by dataset id. Speed experiments may declare the datasets their prompts take (`from_dataset`)."),
  tasks: z.array(Task).min(1).optional().describe("Feasibility: what to ask of each item, and how to check the answer."),
  stages: Stages.optional(),
});

export type Experiment = z.infer<typeof Experiment>;
export type ExperimentInput = z.input<typeof Experiment>;
export type BackendConfig = z.infer<typeof Backend>;
export type BackendType = BackendConfig["type"];
export type LlamaCppBackendConfig = z.infer<typeof LlamaCppBackend>;
export type OpenAIBackendConfig = z.infer<typeof OpenAIBackend>;
export type OllamaBackendConfig = z.infer<typeof OllamaBackend>;
export type LmStudioBackendConfig = z.infer<typeof LmStudioBackend>;
export type AnthropicBackendConfig = z.infer<typeof AnthropicBackend>;
export type GeminiBackendConfig = z.infer<typeof GeminiBackend>;
export type Variant = z.infer<typeof Variant>;
export type Prompt = z.infer<typeof Prompt>;
export type Workload = z.infer<typeof Workload>;
export type PromptCacheMode = z.infer<typeof PromptCache>;
export type Slo = z.infer<typeof Slo>;
export type ReportInfo = z.infer<typeof ReportInfo>;

/** A validated speed experiment: `workload.prompts` is present (the references check makes sure). */
export type SpeedExperiment = Experiment & { kind: "speed"; workload: Workload & { prompts: Prompt[] } };
/** A validated feasibility experiment: datasets, tasks and stages are present. */
export type FeasibilityExperiment = Experiment & {
  kind: "feasibility";
  datasets: Record<string, Dataset>;
  tasks: Task[];
  stages: Stages;
};
export const isFeasibility = (e: Experiment): e is FeasibilityExperiment => e.kind === "feasibility";
export const isSpeed = (e: Experiment): e is SpeedExperiment => e.kind === "speed";
export type { Classification, Cost, Dataset, Stages, Task } from "./feasibility.js";

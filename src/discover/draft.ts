/**
 * The experiment `trialbook init` writes: a commented YAML file comparing the chosen models of the probed servers —
 * a speed experiment, or (kind feasibility) a skeleton with one dataset folder and one task to fill in. Pure: the
 * text and the extra files are returned, the CLI writes them.
 */
import { stringify } from "yaml";
import type { ProbedServer, ServedModel, ServerKind } from "./probe.js";

export interface Chosen {
  server: ProbedServer;
  model: ServedModel;
}

export interface DraftOptions {
  name: string;
  kind: "speed" | "feasibility";
  chosen: readonly Chosen[];
  /** The `$schema` path, relative to the experiment file. */
  schema: string;
  /** ISO date written into the header comment. */
  date: string;
}

export interface Draft {
  /** The experiment file's text. */
  text: string;
  /** Further files, relative to the experiment file's folder (the feasibility dataset). */
  files: Record<string, string>;
}

const BACKEND_ID: Record<ServerKind, string> = { ollama: "ollama", lmstudio: "lmstudio", "llama-server": "llama-server", vllm: "vllm", "openai-compatible": "server" };

/** A value as a YAML flow scalar (quoted only where YAML needs it). */
const y = (v: unknown): string => stringify(v, { lineWidth: 0 }).trimEnd();

const slug = (s: string): string =>
  s.toLowerCase().replace(/\.gguf$/, "").split("/").pop()!.replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+|-+$/g, "").slice(0, 60) || "model";

const gb = (b: number | undefined): string | undefined => (b === undefined ? undefined : `${(b / 1e9).toFixed(2)} GB`);

/** Backend ids by server URL: the server kind, numbered when two servers share one. */
function backendIds(servers: readonly ProbedServer[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const s of servers) {
    let id = BACKEND_ID[s.kind];
    if (s.kind === "openai-compatible") id = `server-${new URL(s.url).port || "80"}`;
    for (let n = 2; used.has(id); n++) id = `${BACKEND_ID[s.kind]}-${n}`;
    used.add(id);
    ids.set(s.url, id);
  }
  return ids;
}

function backendLines(id: string, s: ProbedServer): string[] {
  const what = `${s.kind === "openai-compatible" ? "OpenAI-compatible server" : s.kind} at ${s.url} (models listed from ${s.listed_from})`;
  const conn = s.kind === "ollama" ? [`    type: ollama`, `    host: ${y(s.url)}`] : [`    type: openai`, `    base_url: ${y(`${s.url}/v1`)}`, `    # api_key_env: NAME_OF_ENV_VAR   # if the server wants a key (LiteLLM, vLLM --api-key)`];
  return [`  # ${what}`, `  ${id}:`, ...conn];
}

function variantLines(id: string, backend: string, m: ServedModel): string[] {
  const said = [m.format && m.format !== "other" ? m.format : undefined, m.quantization, m.parameters, gb(m.size_bytes)].filter(Boolean).join(", ");
  const lines = [`  # ${m.name}: ${said || "the server says nothing about format or size"}`, `  - id: ${y(id)}`, `    backend: ${backend}`, `    model: ${y(m.name)}`];
  if (m.format && m.format !== "other") lines.push(`    format: ${m.format}`);
  else lines.push(`    format: other            # declare gguf or mlx if you know it (a declared fact, shown in reports)`);
  if (m.quantization) lines.push(`    quantization: ${y(m.quantization)}`);
  if (m.parameters) lines.push(`    parameters: ${y(m.parameters)}`);
  return lines;
}

function variantIds(chosen: readonly Chosen[], backends: Map<string, string>): string[] {
  const used = new Set<string>();
  return chosen.map((c) => {
    const base = `${backends.get(c.server.url)}-${slug(c.model.name)}`.slice(0, 80);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

const SPEED_WORKLOAD = [
  "workload:",
  "  prompts:",
  "    - id: short                    # a short question: TTFT and decode speed",
  "      text: Explain in a few paragraphs how a hash table works.",
  "    - id: pp512                    # ≈512 prompt tokens of filler: prefill speed",
  "      synthetic_tokens: 512",
  "  max_tokens: 256",
  "  temperature: 0",
  "  seed: 42",
  "  warmup: 1                        # per variant and prompt; stored, left out of statistics",
  "  repetitions: 3                   # measured requests per variant × prompt × concurrency slot",
  "  concurrency: [1]                 # add 2, 4 … to see how each server holds up under load",
];

function feasibilityParts(name: string, ids: readonly string[]): { lines: string[]; files: Record<string, string> } {
  const folder = `data/${name}`;
  const [flagship, ...rest] = ids;
  const lines = [
    "datasets:",
    `  ${name}:`,
    `    files: [${y(`${folder}/*.txt`)}]        # put files made to resemble the client's here (txt, md, html, json, csv, pdf)`,
    "    classification: confidential   # confidential files never go to a remote backend",
    "tasks:",
    "  - id: summary",
    `    dataset: ${name}`,
    "    prompt: |",
    "      Summarise this document in one sentence.",
    "",
    "      {{text}}",
    "    checks:                        # replace with checks that tell a right answer from a wrong one",
    "      - { type: regex, pattern: \"\\\\S\" }   # any answer passes: a placeholder",
    "stages:",
    "  # flagship: the best model you can use (often a hosted API: add an anthropic, gemini or openai backend with",
    "  # api_key_env, and a surrogate dataset); here the first chosen model stands in for it.",
    `  flagship: [${flagship}]`,
    `  open_weight: [${(rest.length ? rest : [flagship]).join(", ")}]`,
    "  repetitions: 3",
    "  threshold: 0.8                   # a variant passes when every task's pass rate is at least this",
    "workload:",
    "  max_tokens: 256",
    "  temperature: 0",
    "  warmup: 0",
  ];
  const files = { [`${folder}/example.txt`]: "An example document. Replace this file with documents made to resemble the client's.\n" };
  return { lines, files };
}

/** The experiment text (and, for feasibility, its example dataset file). */
export function draftExperiment(o: DraftOptions): Draft {
  const servers = [...new Map(o.chosen.map((c) => [c.server.url, c.server])).values()];
  const backends = backendIds(servers);
  const ids = variantIds(o.chosen, backends);
  const header = [
    `# yaml-language-server: $schema=${o.schema}`,
    `# Written by \`trialbook init\` on ${o.date} from what these servers said they serve:`,
    ...servers.map((s) => `#   ${s.url}  ${s.kind}  (${s.models.length} models listed)`),
    "# Format, quantization and size are as each server reported them; check them, then:",
    `#   trialbook validate <this file>     trialbook run <this file>`,
  ];
  const body = [
    `name: ${y(o.name)}`,
    ...(o.kind === "feasibility" ? ["kind: feasibility"] : []),
    "backends:",
    ...servers.flatMap((s) => backendLines(backends.get(s.url)!, s)),
    "variants:",
    ...o.chosen.flatMap((c, i) => variantLines(ids[i]!, backends.get(c.server.url)!, c.model)),
  ];
  if (o.kind === "speed") return { text: [...header, ...body, ...SPEED_WORKLOAD, ""].join("\n"), files: {} };
  const f = feasibilityParts(o.name, ids);
  return { text: [...header, ...body, ...f.lines, ""].join("\n"), files: f.files };
}

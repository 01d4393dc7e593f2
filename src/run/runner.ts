/**
 * Runs an experiment, in the pipeline's order:
 *
 * 1. load      — read the experiment file (YAML, positions kept)
 * 2. validate  — schema and references (and the confidentiality guard); API keys resolved from the environment, once
 * 3. plan      — speed: variants × prompts × concurrency levels × repetitions, warm-ups first (prompt files read here);
 *                feasibility: flagship then open-weight variants × tasks × items × repetitions
 * 4. preflight — ask each backend whether it answers; an unreachable one is reported once
 * 5. run       — variant by variant: open (load) the model, run each group at its concurrency
 * 6. store     — every trial appended to trials.jsonl as it finishes; manifest.json at start and end
 *
 * Feasibility runs check each answer as it arrives and run the open-weight stage only when a flagship variant passes
 * (or the experiment forces it). The figures and the verdict are computed from the stored trials afterwards (see
 * `analyse/`). A run stopped with the `stop` signal
 * (Ctrl-C) or killed can be resumed: stored trials are skipped, the rest run, none twice.
 */
import { basename, dirname, join, resolve } from "node:path";
import { copyFileSync, existsSync } from "node:fs";
import { validateFile } from "../validate/validate.js";
import { ExperimentError } from "../validate/problem.js";
import { backendContexts } from "../load/secrets.js";
import { countTrials, planExperiment, type PlanGroup } from "../plan/plan.js";
import { planFeasibility, stageVariants, type FeasibilityGroup, type FeasibilityPlan } from "../plan/feasibility.js";
import { Judges, runFeasibilityGroup } from "./feasibility.js";
import { feasibilityVerdict, flagshipPasses } from "../analyse/feasibility/verdict.js";
import { BackendError, type Backend, type GenerationRequest, type Logger, type VariantSession } from "../backends/types.js";
import { placeFindings, preflight } from "./preflight.js";
import { cacheSwitches, contradictions, earlierEgress, factsReported, noteContradictions, recordServerFacts, unloadBefore, unloadingSession } from "./fidelity.js";
export { cacheSwitches } from "./fidelity.js";
import { runGroup } from "./group.js";
import { openLoopSender } from "./workers/choose.js";
import { runSessionGroup, sessionSwitches } from "./sessions.js";
import { sessionPromptChars } from "../plan/sessions.js";
import { nextSearchLevel, runSearches, searchBases } from "./search.js";
import { loadManifest, openCapacity, sessionsManifest } from "./load-manifest.js";
import { failedTrial } from "./record.js";
import { silentProgress, type Progress } from "./progress.js";
import { sha256 } from "../store/hash.js";
import { createRunDir, findRun } from "../store/run-dir.js";
import { EXPERIMENT_COPY, readManifest, writeManifest, type Manifest, type ManifestFeasibility, type RunSession } from "../store/manifest.js";
import { readTrialsFile, TRIALS_FILE, TrialWriter } from "../store/trials.js";
import { hostInfo } from "../store/host.js";
import { EgressLog } from "../store/egress.js";
import type { Trial } from "../store/trial.js";
import { isFeasibility, type Experiment, type FeasibilityExperiment, type Variant } from "../validate/schema.js";
import { VERSION } from "../version.js";
import { newSalt, nonceFor } from "../plan/nonce.js";
import { conversationChars } from "../shared/chat.js";
import { applySources, changedSources, loadPromptSources, sourcesManifest, sourceWarnings } from "../plan/sources.js";
import { promptTokenBound } from "../plan/depth.js";

export interface RunOptions {
  file: string;
  /** Default `runs`. */
  runsDir?: string;
  /** A run id or `latest`: continue that run. */
  resume?: string;
  /**
   * A run folder: run only the variants that are new since that run or whose model changed (fingerprint: GGUF sha256,
   * Ollama digest, server build + model id); the new run records the link.
   */
  since?: string;
  stop?: AbortSignal;
  logger?: Logger;
  progress?: Progress;
  /** Where API keys are read from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface RunResult {
  run_id: string;
  dir: string;
  status: RunSession["status"];
  planned: number;
  /** Trials in the store now, this session's included. */
  stored: number;
  /** Trials written by this session. */
  written: Trial[];
  manifest: Manifest;
}

/** A run-level problem that is the caller's to fix (no such run to resume, experiment changed since). */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunError";
  }
}

export const quietLogger: Logger = { info() {}, warn() {} };

const isFeasibilityGroup = (g: PlanGroup): g is FeasibilityGroup => "stage" in g;

function requestFor(e: Experiment, group: PlanGroup, switches: Record<string, unknown> = {}): GenerationRequest {
  const w = e.workload;
  const maxTokens = group.variant.max_tokens ?? (isFeasibilityGroup(group) ? group.task?.max_tokens : undefined) ?? w.max_tokens;
  const base = { model: group.variant.model, prompt: group.prompt, max_tokens: maxTokens, ignore_eos: w.ignore_eos, temperature: w.temperature, seed: w.seed };
  const options = { ...switches, ...group.variant.options };
  return Object.keys(options).length ? { ...base, options } : base;
}

function declared(v: Variant): Manifest["variants"][string]["declared"] {
  const d: Manifest["variants"][string]["declared"] = { model: v.model, format: v.format };
  if (v.quantization !== undefined) d.quantization = v.quantization;
  if (v.parameters !== undefined) d.parameters = v.parameters;
  if (v.notes !== undefined) d.notes = v.notes;
  if (v.bytes_per_token !== undefined) d.bytes_per_token = v.bytes_per_token;
  if (v.reasoning_effort !== undefined) d.reasoning_effort = v.reasoning_effort;
  return d;
}

function openStore(o: RunOptions, e: Experiment, text: string): { dir: string; id: string; previous: Manifest | null; stored: Trial[] } {
  const runsDir = o.runsDir ?? "runs";
  if (o.resume === undefined) {
    const { dir, id } = createRunDir(runsDir, e.name);
    copyFileSync(o.file, join(dir, EXPERIMENT_COPY));
    keepLogo(e, dirname(resolve(o.file)), dir);
    return { dir, id, previous: null, stored: [] };
  }
  const found = findRun(runsDir, e.name, o.resume);
  if ("problem" in found) throw new RunError(found.problem);
  const previous = readManifest(found.dir);
  if (previous.experiment.sha256 !== sha256(text)) {
    throw new RunError(`${o.file} has changed since run ${found.id} started (sha256 differs); start a new run instead of resuming`);
  }
  return { ...found, previous, stored: readTrialsFile(join(found.dir, TRIALS_FILE)).trials };
}

/** The report's logo travels with the run (a run folder moved or shared keeps its letterhead). */
function keepLogo(e: Experiment, baseDir: string, dir: string): void {
  const logo = e.report?.logo;
  if (!logo) return;
  const from = resolve(baseDir, logo);
  const to = join(dir, basename(logo));
  if (existsSync(from) && !existsSync(to)) copyFileSync(from, to);
}

/** The manifest of the run to resume, when there is one (before the store is opened). */
function findRunManifest(o: RunOptions, e: Experiment): Manifest | null {
  const found = findRun(o.runsDir ?? "runs", e.name, o.resume ?? "latest");
  return "problem" in found ? null : readManifest(found.dir);
}

async function fingerprintVariants(e: Experiment, backends: Map<string, Backend>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    e.variants.map(async (v) => {
      const fp = await backends.get(v.backend)?.fingerprint(v).catch(() => null);
      if (fp) out.set(v.id, fp);
    }),
  );
  return out;
}

/** Variants whose model is the same as in an earlier run, with the reason; new or changed ones are not listed. */
export function unchangedSince(before: Manifest, fingerprints: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [variant, fp] of fingerprints) {
    const old = before.variants[variant]?.fingerprint;
    if (old !== undefined && old === fp) out[variant] = `unchanged since run ${before.run_id} (${fp.length > 40 ? `${fp.slice(0, 40)}…` : fp})`;
  }
  return out;
}

function feasibilityManifest(e: FeasibilityExperiment, plan: FeasibilityPlan, previous: ManifestFeasibility | undefined): ManifestFeasibility {
  const costs: ManifestFeasibility["costs"] = {};
  for (const v of e.variants) if (v.cost) costs[v.id] = v.cost;
  const out: ManifestFeasibility = {
    threshold: e.stages.threshold,
    repetitions: e.stages.repetitions,
    force_open_weight: e.stages.force_open_weight,
    stages: { flagship: [...e.stages.flagship], open_weight: [...e.stages.open_weight] },
    tasks: e.tasks.map((t) => ({ id: t.id, dataset: t.dataset, per: t.per, items: plan.items[t.id] ?? [], checks: t.checks.map((c, i) => c.id ?? `${c.type}#${i + 1}`) })),
    datasets: Object.fromEntries(Object.entries(e.datasets).map(([id, d]) => [id, { classification: d.classification, files: plan.files[id] ?? [] }])),
    costs,
    tasks_sha256: sha256(JSON.stringify({ tasks: e.tasks, repetitions: e.stages.repetitions, files: plan.files })),
  };
  if (previous?.skipped_stage) out.skipped_stage = previous.skipped_stage;
  return out;
}

/** The order variants run in: as declared (speed), or flagship then open-weight (feasibility). */
function runOrder(e: Experiment): Variant[] {
  return isFeasibility(e) ? [...stageVariants(e, "flagship"), ...stageVariants(e, "open_weight")] : e.variants;
}

export async function runExperiment(o: RunOptions): Promise<RunResult> {
  const logger = o.logger ?? quietLogger;
  const progress = o.progress ?? silentProgress;
  const stop = o.stop ?? new AbortController().signal;
  // 1–2. load and validate
  const v = validateFile(o.file);
  if (!v.ok) throw new ExperimentError(v.problems);
  const e = v.experiment;
  // 3. plan
  const baseDir = dirname(resolve(o.file));
  const fplan = isFeasibility(e) ? await planFeasibility(e, baseDir).catch((err: Error) => Promise.reject(new RunError(err.message))) : null;
  const salt = newSalt();
  const sources = fplan ? new Map() : await loadPromptSources(e, baseDir).catch((err: Error) => Promise.reject(new RunError(err.message)));
  const groups: PlanGroup[] = fplan ? fplan.groups : planExperiment(e, { salt, sources });
  if (!fplan) for (const w of sourceWarnings(e)) logger.warn(w);
  if (o.since && o.resume) throw new RunError("--since starts a new run; it cannot be combined with --resume");
  const egress = new EgressLog(earlierEgress(o, e));
  const contexts = backendContexts(e, o.env ?? process.env, baseDir, logger, egress);
  // 4. preflight, before anything is written: a missing GGUF file or a model the server does not serve stops here
  const pf = await preflight(e, contexts, logger, { baseDir });
  const stopping = pf.findings.filter((f) => f.severity === "problem");
  if (stopping.length) {
    await Promise.all([...pf.backends.values()].map((b) => b.close()));
    throw new ExperimentError(placeFindings(v.loaded, stopping));
  }
  const changed = o.resume === undefined ? null : changedSources(findRunManifest(o, e)?.prompt_sources, sources);
  if (changed) throw new RunError(`${changed}; start a new run instead of resuming`);
  const { dir, id, previous, stored } = openStore(o, e, v.loaded.text);
  const done = new Set(stored.map((t) => t.trial));
  const fingerprints = await fingerprintVariants(e, pf.backends);
  const sinceRun = o.since === undefined ? null : readManifest(o.since);
  let skipped = previous?.skipped_variants ?? (sinceRun ? unchangedSince(sinceRun, fingerprints) : {});
  const fmanifest = fplan && isFeasibility(e) ? feasibilityManifest(e, fplan, previous?.feasibility) : null;
  if (sinceRun && !previous && fmanifest && sinceRun.feasibility?.tasks_sha256 !== fmanifest.tasks_sha256 && Object.keys(skipped).length) {
    logger.info(`tasks, prompts, checks or data files changed since run ${sinceRun.run_id}: every variant runs again`);
    skipped = {};
  }
  for (const [variant, why] of Object.entries(skipped)) logger.info(`variant ${variant}: skipped, ${why}`);
  const toRun = groups.filter((g) => !(g.variant.id in skipped));
  const session: RunSession = { started_at: new Date().toISOString(), ended_at: null, status: "running", tool_version: VERSION, trials_written: 0 };
  const manifest: Manifest = {
    schema_version: 1,
    tool: { name: "trialbook", version: VERSION },
    run_id: id,
    experiment: { name: e.name, file: o.file, sha256: sha256(v.loaded.text), kind: e.kind },
    status: "running",
    started_at: previous?.started_at ?? session.started_at,
    ended_at: null,
    sessions: [...(previous?.sessions ?? []), session],
    host: await hostInfo(),
    machine_declared: e.machine ?? null,
    ...(isFeasibility(e) ? {} : { prompt_cache: e.workload.prompt_cache }),
    ...sourcesManifest(sources),
    slo: e.slo ?? null,
    ...(e.report ? { report: e.report } : {}),
    ...(e.description ? { description: e.description } : {}),
    backends: { ...previous?.backends, ...pf.manifest },
    variants: { ...previous?.variants },
    planned_trials: countTrials(toRun),
    egress: egress.entries(),
  };
  const since = previous?.since ?? (sinceRun && o.since ? { run_id: sinceRun.run_id, dir: o.since } : undefined);
  if (since) manifest.since = since;
  if (Object.keys(skipped).length) manifest.skipped_variants = skipped;
  if (fmanifest) manifest.feasibility = fmanifest;
  const load = loadManifest(e, groups);
  if (load) manifest.load = load;
  const conversations = sessionsManifest(e);
  if (conversations) manifest.conversations = conversations;
  for (const variant of e.variants) {
    const entry = (manifest.variants[variant.id] ??= { id: variant.id, backend: variant.backend, declared: declared(variant), model: null });
    const fp = fingerprints.get(variant.id);
    if (fp) entry.fingerprint = fp;
    if (variant.unload_before ?? e.workload.unload_before) entry.unload_before = true;
  }
  writeManifest(dir, manifest);
  // 5–6. run and store
  const writer = new TrialWriter(join(dir, TRIALS_FILE));
  const written: Trial[] = [];
  const store = (t: Trial) => {
    writer.append(t);
    written.push(t);
    done.add(t.trial);
    session.trials_written++;
    progress.trial(t, done.size);
  };
  // A feasibility verdict needs every stage's evidence: the unchanged variants' answers come over from the earlier run
  // (same tasks, data and checks — checked by hash above), marked with where they came from.
  const carried: Trial[] = [];
  if (fmanifest && sinceRun && o.since && !previous && Object.keys(skipped).length) {
    const planned = new Set(groups.flatMap((g) => g.trials.map((t) => t.key)));
    for (const t of readTrialsFile(join(o.since, TRIALS_FILE)).trials) {
      if (t.variant in skipped && planned.has(t.trial)) carried.push({ ...t, carried_from: sinceRun.run_id });
    }
    manifest.planned_trials += carried.length;
    writeManifest(dir, manifest);
  }
  progress.start(manifest.planned_trials, done.size);
  for (const t of carried) store(t);
  let maxPromptChars = 0;
  for (const g of groups) {
    maxPromptChars = Math.max(maxPromptChars, conversationChars(g.prompt));
    for (const t of g.trials) if (t.input) maxPromptChars = Math.max(maxPromptChars, conversationChars(t.input));
    if (g.sessions) maxPromptChars = Math.max(maxPromptChars, sessionPromptChars(e.workload.sessions, g.prompt, g.variant.max_tokens ?? e.workload.max_tokens));
  }
  let trialMaxTokens = 0;
  for (const g of groups) for (const t of g.trials) trialMaxTokens = Math.max(trialMaxTokens, t.max_tokens ?? 0);
  const maxTokens = Math.max(trialMaxTokens, e.workload.max_tokens, ...e.variants.map((v) => v.max_tokens ?? 0), ...(isFeasibility(e) ? e.tasks.map((t) => t.max_tokens ?? 0) : []));
  // context-depth filler is sized by its words, not its characters (plan/depth.ts)
  const maxPromptTokens = groups.some((g) => g.depth) ? { maxPromptTokens: groups.reduce((n, g) => Math.max(n, promptTokenBound(g, e.workload.seed)), 0) } : {};
  const judges = new Judges(e.variants, pf.backends, e.settings.request_timeout_s * 1000, e.workload.seed);
  let finished = false;
  let gated = false;
  try {
    for (const variant of runOrder(e)) {
      if (isFeasibility(e) && e.stages.open_weight.includes(variant.id) && manifest.feasibility) {
        const f = manifest.feasibility;
        // the gate, once, when the first open-weight variant comes up
        if (!gated && f.skipped_stage === undefined && !e.stages.force_open_weight && !flagshipPasses([...stored, ...written], manifest)) {
          f.skipped_stage = `no flagship variant reached the threshold of ${e.stages.threshold} on every task; the open-weight stage was not run (set stages.force_open_weight to run it anyway)`;
          logger.info(f.skipped_stage);
          writeManifest(dir, manifest);
        }
        gated = true;
        if (f.skipped_stage !== undefined) continue;
      }
      const pending = toRun.filter((g) => g.variant.id === variant.id && !g.load?.search).map((g) => ({ g, trials: g.trials.filter((t) => !done.has(t.key)) })).filter((p) => p.trials.length > 0);
      const searches = searchBases(toRun, variant.id);
      const searching = searches.some((g) => nextSearchLevel(e, variant.id, g.prompt.id, [...stored, ...written]) !== null);
      if ((pending.length === 0 && !searching) || stop.aborted) continue;
      const backend = pf.backends.get(variant.backend);
      let opened: VariantSession | null = null;
      const openOptions = { maxConcurrency: isFeasibility(e) ? 1 : openCapacity(e), maxPromptChars, ...maxPromptTokens, maxTokens, ignoreEos: e.workload.ignore_eos };
      try {
        if (!backend) throw new Error(`backend ${variant.backend} was not created`);
        progress.note(`variant ${variant.id}: opening ${variant.model} on ${variant.backend}`);
        opened = await backend.open(variant, openOptions);
        const entry = manifest.variants[variant.id];
        if (entry) entry.model = opened.facts;
        noteContradictions(variant, entry, contradictions(variant, factsReported(opened.facts)), logger);
        if (opened.facts.load_ms !== undefined) progress.note(`variant ${variant.id}: loaded in ${opened.facts.load_ms.toFixed(0)} ms`);
      } catch (err) {
        const message = `could not open ${variant.model} on ${variant.backend}: ${(err as Error).message}`;
        logger.warn(`variant ${variant.id}: ${message}`);
        const entry = manifest.variants[variant.id];
        if (entry) entry.problem = message;
        const kind = err instanceof BackendError ? err.kind : "engine";
        for (const p of pending) for (const t of p.trials) store(failedTrial(t, { kind, message }, manifest.sessions.length - 1));
        continue;
      }
      writeManifest(dir, manifest);
      const runOpenLoopGroup = openLoopSender(e, variant, contexts[variant.backend], openOptions, logger);
      try {
        for (const p of pending) {
          if (stop.aborted) break;
          // depth levels are always cache-busted: the depth must really be processed
          const switches = isFeasibilityGroup(p.g) ? {} : cacheSwitches(p.g.depth === undefined ? e.workload.prompt_cache : "bust", manifest.backends[variant.backend]?.server, salt);
          const unloading = !p.g.warmup && !isFeasibilityGroup(p.g) && unloadBefore(e, variant, opened, logger);
          const onTrial = unloading ? (t: Trial) => store({ ...t, unloaded_before: true }) : store;
          const common = { request: requestFor(e, p.g, switches), timeoutMs: e.settings.request_timeout_s * 1000, keepOutput: e.settings.keep_output, session: manifest.sessions.length - 1, stop, onTrial };
          if (isFeasibilityGroup(p.g)) await runFeasibilityGroup(opened, p.g, p.trials, { ...common, backend: backend!, baseDir, askJudge: (c) => judges.ask(c) });
          else if (p.g.load) await runOpenLoopGroup(opened, p.g, p.trials, common);
          else if (p.g.sessions && e.workload.sessions) {
            const stored_ = new Map([...stored, ...written].map((t) => [t.trial, t]));
            await runSessionGroup(opened, p.g, p.trials, { ...common, request: requestFor(e, p.g, sessionSwitches(switches)), sessions: e.workload.sessions, stored: stored_ });
          }
          else await runGroup(unloading ? unloadingSession(opened) : opened, p.g, p.trials, common);
        }
        // the SLO search: its levels are made as it goes, with the same prompt-cache nonces and switches as the plan's
        const session = opened;
        const switches = cacheSwitches(e.workload.prompt_cache, manifest.backends[variant.backend]?.server, salt);
        const nonce = (key: string) => (e.workload.prompt_cache === "allow" ? {} : { nonce: nonceFor(salt, key) });
        const options = { timeoutMs: e.settings.request_timeout_s * 1000, keepOutput: e.settings.keep_output, session: manifest.sessions.length - 1, stop, onTrial: store };
        await runSearches(e, searches, () => [...stored, ...written], stop, (g, saturated) => {
          applySources([g], sources); // a search level's requests send their own records too
          return runOpenLoopGroup(session, g, g.trials, { ...options, request: requestFor(e, g, switches), saturated });
        }, nonce);
        await recordServerFacts(variant, opened, manifest.variants[variant.id], logger);
      } finally {
        await opened.close();
      }
    }
    finished = true;
  } finally {
    await writer.close();
    await judges.close();
    progress.end();
    const status: RunSession["status"] = stop.aborted ? "interrupted" : finished ? "complete" : "failed";
    session.status = status;
    session.ended_at = new Date().toISOString();
    manifest.status = status;
    manifest.ended_at = session.ended_at;
    manifest.egress = egress.entries();
    if (manifest.feasibility) {
      // stored for whoever opens the run folder; `summary` and reports recompute it from the trials
      try {
        const v = feasibilityVerdict([...stored, ...written], manifest);
        manifest.feasibility.verdict = { verdict: v.verdict, headline: v.headline };
      } catch (e) {
        logger.warn(`verdict not computed: ${(e as Error).message}`);
      }
    }
    writeManifest(dir, manifest);
    await Promise.all([...pf.backends.values()].map((b) => b.close()));
  }
  return { run_id: id, dir, status: manifest.status, planned: manifest.planned_trials, stored: done.size, written, manifest };
}

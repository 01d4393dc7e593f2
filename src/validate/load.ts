/**
 * Open-loop load (issue #12): fixed arrival-rate levels (`workload.load`) and sweeps over rates (`workload.sweep`),
 * besides the closed-loop `workload.concurrency`. Requests arrive at times drawn up front from the seed, whatever is in
 * flight — the way vLLM bench serve, GenAI-Perf and guidellm drive a server.
 */
import { z } from "zod";

export const ARRIVALS = ["poisson", "constant", "gamma"] as const;

const Rate = z.number().positive().max(100_000).describe("Offered rate in requests per second (> 0).");
const Arrivals = z
  .enum(ARRIVALS)
  .default("poisson")
  .describe("How arrival times are drawn: poisson (exponential gaps), constant (equal gaps), gamma (gaps with shape `burstiness`).");
const Burstiness = z
  .number()
  .positive()
  .max(1000)
  .optional()
  .describe("Gamma arrivals only: the shape of the gaps (vLLM's --burstiness). 1 = Poisson; below 1 burstier, above 1 more regular.");
const MaxConcurrency = z.int().min(1).max(65_536).optional().describe("At most this many requests in flight; a request due while the cap is reached waits (its lateness is stored).");
const Requests = z.int().min(1).max(1_000_000).optional().describe("Requests in the level (give this or duration_s).");
const Duration = z.number().positive().max(86_400).optional().describe("Length of the arrival schedule in seconds (give this or requests).");

export const LoadLevel = z
  .strictObject({
    rate: Rate,
    arrivals: Arrivals,
    burstiness: Burstiness,
    max_concurrency: MaxConcurrency,
    requests: Requests,
    duration_s: Duration,
  })
  .describe("An open-loop level: requests sent at their scheduled times, whatever is in flight.");

export const Sweep = z
  .strictObject({
    rates: z.array(Rate).min(1).max(64).optional().describe("The offered rates to try, in requests per second (or give from, to and steps)."),
    from: Rate.optional().describe("Lowest rate of the sweep."),
    to: Rate.optional().describe("Highest rate of the sweep."),
    steps: z.int().min(2).max(64).default(5).describe("With from/to: number of rates, evenly spaced, both ends included."),
    arrivals: Arrivals,
    burstiness: Burstiness,
    max_concurrency: MaxConcurrency,
    requests: Requests,
    duration_s: Duration,
    search: z
      .boolean()
      .default(false)
      .describe("Find the highest rate meeting the SLO: rates run from low to high, a level stops early once it can no longer meet the SLO, higher rates are skipped after the first that fails, and `refine` rates are tried between the last that met it and the first that did not."),
    refine: z.int().min(0).max(8).default(2).describe("With search: extra rates tried by halving the gap between the last rate that met the SLO and the first that did not."),
  })
  .describe("A sweep of open-loop levels over rates, to find where the server stops meeting the SLO (the knee).");

export const UserInterval = z
  .number()
  .positive()
  .max(86_400)
  .default(30)
  .describe("How often one user sends a request, in seconds: turns a sustainable rate into a number of users (rate × interval). Default 30.");

export type LoadLevel = z.infer<typeof LoadLevel>;
export type Sweep = z.infer<typeof Sweep>;
export type Arrivals = (typeof ARRIVALS)[number];

export const LoadWorkers = z
  .union([z.literal("auto"), z.int().min(1).max(256)])
  .default(1)
  .describe(
    "Threads that send the requests of open-loop levels (workload.load, workload.sweep). 1 (default): the run's own thread, enough for the rates one local server takes. auto: one per core, so one machine can drive a multi-GPU server; n: that many. Each thread opens its own connections and sends a round-robin share of the level's schedule against one shared clock. The embedded llama-cpp backend always runs in the run's own thread (threads cannot share its loaded model). max_concurrency is split between the threads.",
  );
export type LoadWorkers = z.infer<typeof LoadWorkers>;

/**
 * `npm run bench`: is trialbook more accurate than what it measures, does it keep up, and is it fast enough to use?
 * Four sections — fidelity against a paced server with known truth, overhead against the engines' own counters,
 * load-generator capacity against the openai SDK, rendering at scale — printed as one table, each figure beside its
 * target, all measured in this one run.
 *
 * `--only fidelity,capacity,overhead,rendering,arrivals` runs some sections; `--quick` stops the capacity ramp at 50k tok/s and
 * renders 1k trials only (for a look while working, not for the figures a note reports).
 */
import { cpus } from "node:os";
import { textTable } from "../src/render/text-table.js";
import { pinSelf, startPacedServer } from "./server-process.js";
import { bareFidelity, fidelity, LOADED_PACE, medianOf, medianTry, pairedTries, TRIES } from "./fidelity.js";
import { median } from "../src/analyse/stats.js";
import { overhead } from "./overhead.js";
import { capacity, driftLimit } from "./capacity.js";
import { cpuPerEvent } from "./cpu-per-event.js";
import { allocationsPerEvent } from "./allocations.js";
import { liveHeapPerChunk } from "./live-heap.js";
import { renderScale } from "./render-scale.js";
import { arrivals } from "./arrivals.js";
import { eventsPerCore, withAllCores, type EventsCase } from "./arrivals-events.js";
import { bareHttpSend, bareSchedule, spinStalls } from "./machine-floor.js";

type Row = [section: string, measure: string, target: string, measured: string, verdict: string];
const rows: Row[] = [];
const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : "–");
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
const log = (m: string) => process.stderr.write(`${m}\n`);

const SECTIONS = ["fidelity", "overhead", "capacity", "rendering", "arrivals"] as const;
const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const onlyAt = argv.indexOf("--only");
const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? "").split(",").filter(Boolean) : [...SECTIONS];
for (const s of only) {
  if (!(SECTIONS as readonly string[]).includes(s)) {
    process.stderr.write(`bench: unknown section "${s}" in --only; allowed: ${SECTIONS.join(", ")}\n`);
    process.exit(2);
  }
}
const wanted = (s: (typeof SECTIONS)[number]) => only.includes(s);

const pinned = pinSelf();
log(`bench: client ${pinned ? "pinned to CPU 1, paced server to CPU 0" : "not pinned (no taskset)"}`);
if (wanted("fidelity") || wanted("capacity") || wanted("arrivals")) {
  const server = await startPacedServer();
  try {
    if (wanted("fidelity")) {
      const rtt = await server.roundTrip();
      rows.push(["1 fidelity", "context: HTTP round trip on a warm loopback connection, median ms (the request and response legs together)", "–", f(rtt, 3), "–"]);
      for (const protocol of ["openai", "ollama"] as const) {
        for (const [c, pace] of [[1, undefined], [16, undefined], [256, undefined], [256, LOADED_PACE]] as const) {
          log(`fidelity ${protocol} c=${c}…`);
          // against the bare client (OpenAI SSE, 8 ms pace, 1 and 256 streams), the two clients' tries alternate
          const withBare = protocol === "openai" && !pace && c !== 16;
          const paired = withBare ? await pairedTries(() => fidelity(server, protocol, c, pace), () => bareFidelity(server, c)) : null;
          const { errors: e, events_per_s } = paired ? medianOf(paired.a, (r) => r.errors.ttft_median) : await medianTry(() => fidelity(server, protocol, c, pace), (r) => r.errors.ttft_median);
          const limit = c === 1 ? 0.5 : 2;
          const level = `${protocol} c=${c}${pace ? ` (${pace.gap_ms} ms pace)` : ""}`;
          rows.push(["1 fidelity", `${level}: offered ${f(events_per_s / 1000, 1)}k events/s; request leg (server receive − client send) median ms, context`, "–", f(e.request_leg_median, 3), "–"]);
          rows.push(["1 fidelity", `${level}: TTFT |err| median / p99 ms (n=${e.n}; the median of ${TRIES} tries)`, `≤ ${limit} median`, `${f(e.ttft_median, 3)} / ${f(e.ttft_p99, 3)}`, verdict(e.ttft_median <= limit)]);
          rows.push(["1 fidelity", `${level}: ITL |err| median / p99 ms`, `≤ ${limit} median`, `${f(e.itl_median, 3)} / ${f(e.itl_p99, 3)}`, verdict(e.itl_median <= limit)]);
          rows.push(["1 fidelity", `${level}: decode tok/s |err| median %`, "≤ 1%", f(e.rate_pct, 3), verdict(e.rate_pct <= 1)]);
          if (paired) {
            const b = medianOf(paired.b, (r) => r.ttft_median);
            rows.push(["1 fidelity", `${level}: bare node:http client on the same schedule (stamps reads, parses nothing; its tries alternate with trialbook's), TTFT |err| median / p99 ms (n=${b.n}; the median of ${TRIES} tries)`, "–", `${f(b.ttft_median, 3)} / ${f(b.ttft_p99, 3)}`, "–"]);
            if (c === 1) {
              // each trialbook try against the bare try right after it; the median of those differences
              const diff = median(paired.a.map((a, i) => a.errors.ttft_median - (paired.b[i]?.ttft_median ?? Number.NaN))) ?? Number.NaN;
              rows.push(["1 fidelity", `${level}: TTFT |err| median, trialbook − bare client (the median over the ${TRIES} pairs of alternating tries)`, "≤ 0.1", f(diff, 3), verdict(diff <= 0.1)]);
            }
          }
        }
      }
    }
    if (wanted("capacity")) {
      log("capacity…");
      const cap = await capacity(server, quick ? 50_000 : Infinity);
      for (const l of cap.levels) {
        const c = l.clients;
        const cell = (k: keyof typeof c) => `${f(c[k].errors.itl_median, 3)} (${f(c[k].achieved / 1000, 1)}k)`;
        rows.push(["3 capacity", `offered ${l.rate / 1000}k tok/s: ITL |err| median ms (streamed tok/s), trialbook / openai SDK / bare node:http`, `ITL ≤ ${f(driftLimit(c.trialbook.errors), 2)} ms (min of 0.5, ¼ gap)`, `${cell("trialbook")} / ${cell("sdk")} / ${cell("bare")}`, "–"]);
      }
      const { trialbook, sdk, bare } = cap.best;
      rows.push(["3 capacity", "streamed tok/s before ITL drifts, trialbook (whole runner + store, client on one core)", "≥ 100k", f(trialbook, 0), verdict(trialbook >= 100_000)]);
      rows.push(["3 capacity", "streamed tok/s before ITL drifts, openai SDK baseline", "–", f(sdk, 0), "–"]);
      rows.push(["3 capacity", "ratio trialbook / openai SDK", "> 1", sdk > 0 ? f(trialbook / sdk, 2) : "∞ (baseline drifted at the lowest rate)", verdict(trialbook > sdk)]);
      rows.push(["3 capacity", "floor: streamed tok/s before ITL drifts, bare node:http (stamps reads, parses nothing)", "–", f(bare, 0), "–"]);
      rows.push(["3 capacity", "ratio trialbook / bare node:http (share of this machine's Node ceiling)", "≥ 0.8", bare > 0 ? f(trialbook / bare, 2) : "–", bare > 0 ? verdict(trialbook / bare >= 0.8) : "–"]);
      log("capacity: CPU per event…");
      const cpu = await cpuPerEvent(server);
      rows.push(["3 capacity", "client CPU µs per streamed event (slope between 64×160 and 64×960 tokens), trialbook / bare node:http", "–", `${f(cpu.trialbook_us, 2)} / ${f(cpu.bare_us, 2)}`, "–"]);
      rows.push(["3 capacity", "events per CPU-second on one core, ratio trialbook / bare node:http (same run)", "≥ 0.8", f(cpu.bare_us / cpu.trialbook_us, 2), verdict(cpu.bare_us / cpu.trialbook_us >= 0.8)]);
      rows.push(["3 capacity", "context: client CPU µs per streamed event of the bare node:http client that also cuts SSE lines and parses each event's JSON (what any correct client does), and trialbook's events per CPU-second ÷ its", "–", `${f(cpu.bare_json_us, 2)}, ${f(cpu.bare_json_us / cpu.trialbook_us, 2)}`, "–"]);
      log("capacity: heap allocated per event…");
      const alloc = await allocationsPerEvent(server);
      rows.push(["3 capacity", "context: heap allocated per streamed event, bytes (V8 sampling heap profiler, collected objects included; slope between 64×160 and 64×960 tokens), trialbook / bare node:http", "–", `${f(alloc.trialbook_bytes, 0)} / ${f(alloc.bare_bytes, 0)}`, "–"]);
      log("capacity: live heap per chunk in flight…");
      const live = await liveHeapPerChunk(server);
      rows.push(["3 capacity", "context: live heap held per chunk while 64 streams are in flight, bytes (growth between two readings after a full collection ÷ chunks written between them; what each young-generation collection copies), trialbook / bare node:http", "–", `${f(live.trialbook, 1)} / ${f(live.bare, 1)}`, "–"]);
    }
    if (wanted("arrivals")) {
      log("arrivals: this core's floor…");
      const stalls = spinStalls(quick ? 2 : 5);
      rows.push(["5 arrivals", `context: this core's stalls — a busy loop that only reads the clock for ${stalls.seconds} s: gaps > 1 ms (count, longest ms, share of time lost)`, "–", `${stalls.over_1ms}, ${f(stalls.longest_ms, 1)}, ${f(stalls.lost_pct, 2)}%`, "–"]);
      await server.configure({ ttft_ms: 40, gap_ms: 8, jitter_ms: 3, seed: 7, tokens_per_chunk: 2 }); // as arrivals() streams
      for (const kind of ["constant", "poisson"] as const) {
        const n = quick ? 300 : 1000;
        const timing = await bareSchedule(kind, 100, n);
        rows.push(["5 arrivals", `context: ${kind} 100 req/s, bare scheduler on the same schedule (sleep, then yield turn by turn), the "send" only taking the time: lateness p50 / p99 ms`, "–", `${f(timing.lateness_p50, 3)} / ${f(timing.lateness_p99, 3)}`, "–"]);
        const bare = bareHttpSend(server.url);
        try {
          await Promise.all(Array.from({ length: 4 }, () => new Promise((r) => setTimeout(r, 20)).then(bare.hold()))); // warm connections, as trialbook warms its own
          await new Promise((r) => setTimeout(r, 300));
          const sent = await bareSchedule(kind, 100, n, bare);
          rows.push(["5 arrivals", `context: ${kind} 100 req/s, the same scheduler sending bare node:http streaming requests (made 5 ms ahead, written at the due time and stamped at the write, as trialbook; response read and dropped): lateness p50 / p99 ms`, "–", `${f(sent.lateness_p50, 3)} / ${f(sent.lateness_p99, 3)}`, "–"]);
        } finally {
          bare.close();
        }
        await server.truth(); // clear
      }
      for (const kind of ["constant", "poisson"] as const) {
        log(`arrivals ${kind} 100 req/s…`);
        const a = await arrivals(server, kind, 100, quick ? 300 : 1000);
        rows.push(["5 arrivals", `${kind} ${a.rate} req/s (n=${a.n}): send lateness p50 / p99 ms`, "p99 ≤ 1", `${f(a.lateness_p50, 3)} / ${f(a.lateness_p99, 3)}`, verdict(a.lateness_p99 <= 1)]);
        rows.push(["5 arrivals", `${kind}: achieved send rate vs the schedule's, error %`, "within 2%", f(a.rate_error_pct, 3), verdict(Math.abs(a.rate_error_pct) <= 2)]);
        rows.push(["5 arrivals", `context: ${kind}: young-generation collections in the level, run ahead between sends / by V8 on its own; sends > 1 ms late / of them while a collection (young or old) paused the thread`, "–", `${a.gc.ahead} / ${a.gc.by_v8}; ${a.gc.late} / ${a.gc.late_in_gc}`, "–"]);
        if (a.ks) rows.push(["5 arrivals", "poisson: KS D of achieved send gaps vs Exp(rate) / 1% critical value", "D < critical", `${f(a.ks.d, 4)} / ${f(a.ks.critical, 4)}`, verdict(a.ks.d < a.ks.critical)]);
      }
      // the same with settings.load_workers = one worker thread per core, and the events/s per core of both
      const all = cpus().length;
      const shared = pinned ? ` (${all} cores: the threads share CPU 0 with the paced server)` : "";
      if (all > 1) {
        for (const kind of ["constant", "poisson"] as const) {
          log(`arrivals ${kind} 100 req/s, ${all} worker threads…`);
          const a = await withAllCores(() => arrivals(server, kind, 100, quick ? 300 : 1000, all));
          rows.push(["5 arrivals", `${kind} ${a.rate} req/s (n=${a.n}), ${all} worker threads${shared}: send lateness p50 / p99 ms`, "p99 ≤ 1", `${f(a.lateness_p50, 3)} / ${f(a.lateness_p99, 3)}`, verdict(a.lateness_p99 <= 1)]);
          rows.push(["5 arrivals", `${kind}, ${all} worker threads: achieved send rate vs the schedule's, error %`, "within 2%", f(a.rate_error_pct, 3), verdict(Math.abs(a.rate_error_pct) <= 2)]);
        }
      }
      const ramp = (e: EventsCase) => e.levels.map((l) => `${f(l.offered / 1000, 1)}→${f(l.achieved / 1000, 1)}k ITL ${f(l.errors.itl_median, 2)} ms${l.drifted ? " drifts" : ""}`).join(", ");
      log("arrivals: events/s, run's own thread…");
      const one = await eventsPerCore(server, 1, quick ? 40_000 : Infinity);
      rows.push(["5 arrivals", `open loop, run's own thread (1 core): streamed events/s before ITL drifts (offered→achieved, median |ITL err|: ${ramp(one)})`, "–", f(one.best, 0), "–"]);
      rows.push(["5 arrivals", "open loop, run's own thread: streamed events per CPU-second of the client process (most of any level)", "–", f(one.per_cpu_s, 0), "–"]);
      if (all > 1) {
        log(`arrivals: events/s, ${all} worker threads…`);
        const many = await eventsPerCore(server, all, quick ? 40_000 : Infinity);
        rows.push(["5 arrivals", `open loop, ${all} worker threads${shared}: streamed events/s before ITL drifts (${ramp(many)})`, "–", f(many.best, 0), "–"]);
        rows.push(["5 arrivals", `events/s per core: run's own thread / ${all} worker threads (÷ ${many.cores} cores)`, "–", `${f(one.best, 0)} / ${f(many.best / many.cores, 0)}`, "–"]);
        rows.push(["5 arrivals", `open loop, ${all} worker threads: streamed events per CPU-second of the client process (every thread, most of any level) / ratio to the run's own thread`, "–", `${f(many.per_cpu_s, 0)} / ${f(many.per_cpu_s / one.per_cpu_s, 2)}`, "–"]);
      }
    }
  } finally {
    server.stop();
  }
}

if (wanted("overhead")) {
  log("overhead…");
  const o = await overhead();
  rows.push(["2 overhead", `embedded llama.cpp: decode tok/s trialbook ÷ engine perf counter (${f(o.embedded.client, 1)} / ${f(o.embedded.engine, 1)}, n=${o.embedded.n})`, "≥ 0.99", f(o.embedded.ratio, 4), verdict(o.embedded.ratio >= 0.99)]);
  rows.push(["2 overhead", `embedded, without trialbook: node-llama-cpp's own evaluate loop ÷ the same counter (${f(o.bare.client, 1)} / ${f(o.bare.engine, 1)}, n=${o.bare.n}): what the binding's sampling and thread hops leave`, "–", f(o.bare.ratio, 4), "–"]);
  rows.push(["2 overhead", `embedded: trialbook's share alone = trialbook's ratio ÷ the binding's, the median over ${TRIES} pairs of runs taken in turn (the two rows above are each one's median run)`, "≥ 0.99", f(o.share, 4), verdict(o.share >= 0.99)]);
  rows.push(["2 overhead", `llama-server: decode tok/s trialbook ÷ timings.predicted_per_second (${f(o.server.client, 1)} / ${f(o.server.engine, 1)}, n=${o.server.n})`, "≥ 0.99", f(o.server.ratio, 4), verdict(o.server.ratio >= 0.99)]);
}

if (wanted("rendering")) {
  for (const n of quick ? [1000] : [1000, 10_000]) {
    log(`render ${n} trials…`);
    const r = await renderScale(n);
    rows.push(["4 rendering", `${n} trials: summary alone s / \`report --format html,pdf\` (summarises, charts, prints) s`, n === 10_000 ? "report < 10 s" : "–", `${f(r.summary_s)} / ${f(r.report_s)}`, n === 10_000 ? verdict(r.report_s < 10) : "–"]);
    rows.push(["4 rendering", `${n} trials: \`notebook run notebooks/speed.ipynb --format ipynb,html,pdf\` s (every cell, DataFrames included)`, n === 10_000 ? "< 10 s" : "–", f(r.notebook_s), n === 10_000 ? verdict(r.notebook_s < 10) : "–"]);
  }
}

rows.sort((a, b) => a[0].localeCompare(b[0]));
process.stdout.write(`\n${textTable(["section", "measure", "target", "measured", "verdict"], rows, 2)}\n`);
process.stdout.write(`\nMachine: ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores${pinned ? " (client on CPU 1, paced server on CPU 0)" : ""}. Errors are |measured − true| against the paced server's own write times.\n`);

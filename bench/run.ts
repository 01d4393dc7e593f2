/**
 * `npm run bench`: is trialbook more accurate than what it measures, does it keep up, and is it fast enough to use?
 * Four sections — fidelity against a paced server with known truth, overhead against the engines' own counters,
 * load-generator capacity against the openai SDK, rendering at scale — printed as one table, each figure beside its
 * target, all measured in this one run. `--quick` skips the slow parts (capacity above 50k tok/s, 10k trials).
 */
import { cpus } from "node:os";
import { textTable } from "../src/render/text-table.js";
import { pinSelf, startPacedServer } from "./server-process.js";
import { fidelity } from "./fidelity.js";
import { overhead } from "./overhead.js";
import { capacity } from "./capacity.js";
import { renderScale } from "./render-scale.js";

type Row = [section: string, measure: string, target: string, measured: string, verdict: string];
const rows: Row[] = [];
const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : "–");
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
const log = (m: string) => process.stderr.write(`${m}\n`);

const pinned = pinSelf();
log(`bench: client ${pinned ? "pinned to CPU 1, paced server to CPU 0" : "not pinned (no taskset)"}`);
const server = await startPacedServer();
try {
  const rtt = await server.roundTrip();
  rows.push(["1 fidelity", "context: HTTP round trip on a warm loopback connection, median ms (a TTFT error floor)", "–", f(rtt, 3), "–"]);
  for (const protocol of ["openai", "ollama"] as const) {
    for (const c of [1, 16, 256]) {
      log(`fidelity ${protocol} c=${c}…`);
      const { errors: e } = await fidelity(server, protocol, c);
      const limit = c === 1 ? 0.5 : c === 256 ? 2 : 2;
      rows.push(["1 fidelity", `${protocol} c=${c}: TTFT |err| median / p99 ms (n=${e.n})`, `≤ ${limit} median`, `${f(e.ttft_median, 3)} / ${f(e.ttft_p99, 3)}`, verdict(e.ttft_median <= limit)]);
      rows.push(["1 fidelity", `${protocol} c=${c}: ITL |err| median / p99 ms`, `≤ ${limit} median`, `${f(e.itl_median, 3)} / ${f(e.itl_p99, 3)}`, verdict(e.itl_median <= limit)]);
      rows.push(["1 fidelity", `${protocol} c=${c}: decode tok/s |err| median %`, "≤ 1%", f(e.rate_pct, 3), verdict(e.rate_pct <= 1)]);
    }
  }
  log("capacity…");
  const cap = await capacity(server);
  for (const l of cap.levels) {
    rows.push(["3 capacity", `offered ${l.rate / 1000}k tok/s, streamed ${f(l.achieved_trialbook / 1000, 1)}k / ${f(l.achieved_sdk / 1000, 1)}k: ITL |err| median ms (rate |err| %), trialbook / openai SDK`, "ITL ≤ 0.5 ms", `${f(l.trialbook.itl_median, 3)} (${f(l.trialbook.rate_pct, 2)}%) / ${f(l.sdk.itl_median, 3)} (${f(l.sdk.rate_pct, 2)}%)`, "–"]);
  }
  rows.push(["3 capacity", "streamed tok/s before ITL drifts, trialbook (client on one core)", "≥ 100k", f(cap.trialbook, 0), verdict(cap.trialbook >= 100_000)]);
  rows.push(["3 capacity", "streamed tok/s before ITL drifts, openai SDK baseline", "–", f(cap.sdk, 0), "–"]);
  rows.push(["3 capacity", "ratio trialbook / baseline", "> 1", cap.sdk > 0 ? f(cap.trialbook / cap.sdk, 2) : "∞ (baseline drifted at the lowest rate)", verdict(cap.trialbook > cap.sdk)]);
} finally {
  server.stop();
}

log("overhead…");
const o = await overhead();
rows.push(["2 overhead", `embedded llama.cpp: decode tok/s trialbook ÷ engine perf counter (${f(o.embedded.client, 1)} / ${f(o.embedded.engine, 1)}, n=${o.embedded.n})`, "≥ 0.99", f(o.embedded.ratio, 4), verdict(o.embedded.ratio >= 0.99)]);
rows.push(["2 overhead", `llama-server: decode tok/s trialbook ÷ timings.predicted_per_second (${f(o.server.client, 1)} / ${f(o.server.engine, 1)}, n=${o.server.n})`, "≥ 0.99", f(o.server.ratio, 4), verdict(o.server.ratio >= 0.99)]);

for (const n of [1000, 10_000]) {
  log(`render ${n} trials…`);
  const r = await renderScale(n);
  rows.push(["4 rendering", `${n} trials: summary alone s / \`report --format html,pdf\` (summarises, charts, prints) s`, n === 10_000 ? "report < 10 s" : "–", `${f(r.summary_s)} / ${f(r.report_s)}`, n === 10_000 ? verdict(r.report_s < 10) : "–"]);
  rows.push(["4 rendering", `${n} trials: \`notebook run notebooks/speed.ipynb --format ipynb,html,pdf\` s (every cell, DataFrames included)`, n === 10_000 ? "< 10 s" : "–", f(r.notebook_s), n === 10_000 ? verdict(r.notebook_s < 10) : "–"]);
}

rows.sort((a, b) => a[0].localeCompare(b[0]));
process.stdout.write(`\n${textTable(["section", "measure", "target", "measured", "verdict"], rows, 2)}\n`);
process.stdout.write(`\nMachine: ${cpus()[0]?.model ?? "?"}, ${cpus().length} cores${pinned ? " (client on CPU 1, paced server on CPU 0)" : ""}. Errors are |measured − true| against the paced server's own write times.\n`);

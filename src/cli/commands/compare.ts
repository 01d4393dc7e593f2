import type { CommandModule } from "yargs";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readRun } from "../../analyse/load-run.js";
import { compareRuns, compareVariants, type ComparisonRow } from "../../analyse/compare.js";
import { COMPARE_GATES, gateComparison, type CompareGate } from "../../analyse/gate.js";
import { TRIAL_METRICS } from "../../analyse/metrics/index.js";
import { compareTable } from "../../render/compare-table.js";
import { MANIFEST_FILE } from "../../store/manifest.js";
import { messages } from "../../shared/i18n/catalogue.js";
import { cliLanguage, EXIT, EXIT_EPILOGUE } from "../io.js";
import { capacityOfRun } from "../../analyse/capacity.js";
import { capacityComparisonRows, compareCapacity, type CapacityComparisonRow } from "../../analyse/capacity-compare.js";
import { capacityChangeLine } from "../../render/capacity-text.js";
import { compareDepth } from "../../analyse/depth-compare.js";
import { depthChangeLines } from "../../render/depth-text.js";
import { compareConversations } from "../../analyse/sessions-compare.js";
import { conversationChangeLines } from "../../render/sessions-text.js";

interface Args {
  a: string;
  b?: string;
  variants?: string[];
  json: boolean;
  "min-change": number;
  "fail-on"?: CompareGate;
}

/** Prints what the gate found on stderr and returns the exit code. */
function gate(rows: ReadonlyArray<ComparisonRow | CapacityComparisonRow>, failOn: CompareGate): number {
  const m = messages(cliLanguage()).gate;
  if (rows.length === 0) {
    process.stderr.write(`${m.nothingCompared(failOn)}\n`);
    return EXIT.ok;
  }
  const tripped = gateComparison(rows, failOn);
  if (tripped.length === 0) {
    process.stderr.write(`${m.passed(failOn, rows.length)}\n`);
    return EXIT.ok;
  }
  const fmt = (x: number | null) => (x === null ? "-" : x.toFixed(3));
  const list = tripped.map((r) => m.row(`${r.variant_a === r.variant_b ? r.variant_a : `${r.variant_a} → ${r.variant_b}`}/${r.prompt}/${r.level ?? `c${r.concurrency}`}`, r.metric === "max_rate_rps" ? messages(cliLanguage()).capacity.capacityMetric : TRIAL_METRICS[r.metric].label, fmt(r.ratio), `${fmt(r.ci95_low)}–${fmt(r.ci95_high)}`, r.change));
  process.stderr.write(`${m.tripped(failOn, tripped.length, rows.length, list.join("\n"))}\n`);
  return EXIT.gated;
}

export const compareCommand: CommandModule<object, Args> = {
  command: "compare <a> [b]",
  describe: "What changed from run A to run B (or, with --variants X Y, between two variants of run A), with ratios and 95% intervals",
  builder: (y) =>
    y
      .positional("a", { type: "string", demandOption: true })
      .positional("b", { type: "string" })
      .option("variants", { type: "string", array: true, describe: "Compare two variants of run A: --variants GGUF_ID MLX_ID" })
      .option("min-change", { type: "number", default: 0.03, describe: "Smallest relative change flagged" })
      .option("fail-on", { choices: COMPARE_GATES, describe: "Exit 3 when a change beyond the noise is found: slower (a metric got worse), any-change (worse or better)" })
      .option("json", { type: "boolean", default: false })
      .epilogue(EXIT_EPILOGUE)
      .example("$0 compare runs/demo/<old> runs/demo/<new>", "What changed between two runs of one experiment")
      .example("$0 compare runs/nightly/<last> runs/nightly/<new> --fail-on slower", "In CI: exit 3 when anything got slower beyond the noise")
      .example("$0 compare runs/speed/<id> --variants m-gguf m-mlx", "GGUF against MLX within one run") as never,
  handler: (args) => {
    const missing = [args.a, args.b].filter((d): d is string => d !== undefined && !existsSync(join(d, MANIFEST_FILE)));
    if (missing.length) {
      process.stderr.write(`error: ${missing.join(", ")}: not a run folder (no ${MANIFEST_FILE})\n`);
      process.exitCode = EXIT.invalid;
      return;
    }
    const a = readRun(args.a);
    let rows;
    let capacity: ReturnType<typeof compareCapacity> = [];
    let conversations: ReturnType<typeof compareConversations> = [];
    let labels: [string, string] = [a.manifest.run_id, a.manifest.run_id];
    let depth: ReturnType<typeof compareDepth> = [];
    if (args.variants) {
      const [va, vb] = args.variants;
      if (!va || !vb || args.variants.length !== 2) {
        process.stderr.write("--variants takes two variant ids\n");
        process.exitCode = EXIT.invalid;
        return;
      }
      rows = compareVariants(a, va, vb, { minChange: args["min-change"] });
      capacity = compareCapacity(capacityOfRun(a), capacityOfRun(a), [va, vb]);
      conversations = compareConversations(a.trials, a.trials, { a: a.manifest.slo ?? null, b: a.manifest.slo ?? null }, [va, vb]);
      labels = [va, vb];
      depth = compareDepth(a, a, { minChange: args["min-change"], variants: [va, vb] });
    } else if (args.b) {
      const b = readRun(args.b);
      rows = compareRuns(a, b, { minChange: args["min-change"] });
      capacity = compareCapacity(capacityOfRun(a), capacityOfRun(b));
      conversations = compareConversations(a.trials, b.trials, { a: a.manifest.slo ?? null, b: b.manifest.slo ?? null });
      labels = [a.manifest.run_id, b.manifest.run_id];
      depth = compareDepth(a, b, { minChange: args["min-change"] });
    } else {
      process.stderr.write("compare needs a second run, or --variants A B\n");
      process.exitCode = EXIT.invalid;
      return;
    }
    // JSON: the list of metric changes, then one `max_rate_rps` row per compared capacity; in text, capacity lines
    // follow the table (one per variant and prompt), then the context depths, then the conversations (held at once,
    // TTFT per turn). Gates read the JSON rows.
    const all = [...rows, ...capacityComparisonRows(capacity, labels)];
    const lang = cliLanguage();
    const lines = [...capacity.map((c) => capacityChangeLine(c, lang)), ...depthChangeLines(depth, lang), ...conversations.flatMap((c) => conversationChangeLines(c, lang))].map((l) => `${l}\n`).join("");
    process.stdout.write(args.json ? `${JSON.stringify(all, null, 2)}\n` : `${compareTable(rows)}\n${lines ? `\n${lines}` : ""}`);
    if (args["fail-on"]) process.exitCode = gate(all, args["fail-on"]);
  },
};

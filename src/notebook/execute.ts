/**
 * Runs a notebook's code cells in this process with tslab's own converter and executor (the code the tslab Jupyter
 * kernel runs), headless: each cell's stdout/stderr, displays (tslab's `display`) and errors become nbformat outputs,
 * as Jupyter would store them. Cells share state, run in order, from the notebook's folder. The first failing cell
 * stops the run; the cells after it keep no outputs.
 */
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync, rmdirSync, symlinkSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatWithOptions } from "node:util";
import { lines, text, type CodeCell, type Notebook, type Output } from "./ipynb.js";

export interface CellRecord {
  index: number;
  id: string | null;
  status: "ok" | "error" | "skipped";
  duration_ms: number;
  error?: string;
}

export interface ExecutionResult {
  notebook: Notebook;
  cells: CellRecord[];
  ok: boolean;
  failed: CellRecord | null;
  versions: { tslab: string; typescript: string; node: string };
}

interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  close(): void;
}
interface TslabConverter {
  close(): void;
}
type DisplayData = { data: Record<string, string>; metadata?: Record<string, unknown> };

const require = createRequire(import.meta.url);

function tslab() {
  const converter = require("tslab/dist/converter") as { createConverter(o?: { isBrowser?: boolean }): TslabConverter };
  const executor = require("tslab/dist/executor") as { createExecutor(root: string, convs: unknown, console: unknown): TslabExecutor };
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: ((d: DisplayData, update: boolean) => void) | null };
  const pub = require("tslab") as { versions: { tslab: string; typescript: string; node: string } };
  // TypeScript's `sys` remembers the first working directory it is asked for, and tslab's converter takes its root
  // from it: without this, a second notebook run in the same process would resolve modules from the first one's folder.
  const ts = createRequire(require.resolve("tslab"))("@tslab/typescript-for-tslab") as { sys: { getCurrentDirectory(): string } };
  ts.sys.getCurrentDirectory = () => process.cwd();
  return { converter, executor, jupyter, versions: pub.versions };
}

/** The folder of the trialbook package this code belongs to. */
function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "trialbook") return dir;
    if (dirname(dir) === dir) throw new Error("trialbook's package.json not found");
  }
}

/**
 * Cells `import … from "trialbook"`; tslab resolves it (types and code) from the notebook's folder upward. Where that
 * finds nothing — a bundle unpacked elsewhere — this trialbook is linked in as `node_modules/trialbook` for the run,
 * and the link is removed afterwards.
 */
function linkTrialbook(dir: string): () => void {
  try {
    createRequire(join(dir, "noop.js")).resolve("trialbook");
    return () => {};
  } catch {
    const modules = join(dir, "node_modules");
    const madeModules = !existsSync(modules);
    mkdirSync(modules, { recursive: true });
    const link = join(modules, "trialbook");
    symlinkSync(packageRoot(), link, "dir");
    return () => {
      unlinkSync(link);
      if (madeModules) rmdirSync(modules);
    };
  }
}

/** Appends to the last output when it is the same stream, as Jupyter clients do. */
function pushStream(outputs: Output[], name: "stdout" | "stderr", s: string): void {
  const last = outputs[outputs.length - 1];
  if (last && last.output_type === "stream" && last.name === name) last.text = lines(text(last.text) + s);
  else outputs.push({ output_type: "stream", name, text: lines(s) });
}

export async function executeNotebook(nb: Notebook, notebookPath: string, options: { onCell?: (r: CellRecord) => void } = {}): Promise<ExecutionResult> {
  const t = tslab();
  const dir = dirname(resolve(notebookPath));
  const previousCwd = process.cwd();
  const unlink = linkTrialbook(dir);
  process.chdir(dir);
  let outputs: Output[] = [];
  const write = (name: "stdout" | "stderr") => (chunk: string | Uint8Array): boolean => {
    pushStream(outputs, name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  };
  const cellConsole = {
    log: (...args: unknown[]) => write("stdout")(`${formatWithOptions({ colors: false }, ...args)}\n`),
    error: (...args: unknown[]) => write("stderr")(`${formatWithOptions({ colors: false }, ...args)}\n`),
  };
  let convs: { node: TslabConverter; readonly browser: TslabConverter; close(): void };
  let executor: TslabExecutor;
  try {
    // tslab's kernel builds a browser converter too (a TypeScript program with the DOM types), used only by cells
    // tagged `/** @browser */`; building it costs as much as the node one, so it is built when such a cell first asks.
    const node = t.converter.createConverter();
    let browser: TslabConverter | undefined;
    convs = {
      node,
      get browser() {
        return (browser ??= t.converter.createConverter({ isBrowser: true }));
      },
      close: () => (node.close(), browser?.close()),
    };
    executor = t.executor.createExecutor(dir, convs, cellConsole);
  } catch (e) {
    process.chdir(previousCwd);
    unlink();
    throw e;
  }
  const records: CellRecord[] = [];
  const cells = nb.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : c));
  let count = 0;
  let failed: CellRecord | null = null;
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  try {
    for (const [index, cell] of cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const code = cell as CodeCell;
      const record: CellRecord = { index, id: code.id ?? null, status: "skipped", duration_ms: 0 };
      records.push(record);
      if (failed) continue;
      outputs = [];
      code.execution_count = ++count;
      t.jupyter.lastWriteDisplayData = (d) => outputs.push({ output_type: "display_data", data: Object.fromEntries(Object.entries(d.data).map(([k, v]) => [k, k.startsWith("text/") || k === "image/svg+xml" ? lines(v) : v])), metadata: d.metadata ?? {} });
      process.stdout.write = write("stdout") as typeof process.stdout.write;
      process.stderr.write = write("stderr") as typeof process.stderr.write;
      const start = performance.now();
      let ok = false;
      try {
        ok = await executor.execute(text(code.source));
      } catch (e) {
        write("stderr")(`${(e as Error).stack ?? String(e)}\n`);
      } finally {
        process.stdout.write = stdoutWrite;
        process.stderr.write = stderrWrite;
      }
      record.duration_ms = Math.round((performance.now() - start) * 1000) / 1000;
      record.status = ok ? "ok" : "error";
      code.outputs = outputs;
      if (!ok) {
        const err = outputs.filter((o) => o.output_type === "stream" && o.name === "stderr").map((o) => text((o as { text: string[] }).text)).join("");
        record.error = err.trim().split("\n").slice(0, 8).join("\n") || "the cell failed";
        failed = record;
      }
      options.onCell?.(record);
    }
  } finally {
    t.jupyter.lastWriteDisplayData = null;
    executor.close();
    convs.close();
    process.chdir(previousCwd);
    unlink();
  }
  return { notebook: { ...nb, cells }, cells: records, ok: failed === null, failed, versions: t.versions };
}

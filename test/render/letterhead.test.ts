/**
 * report.logo and report.confidential: the logo is validated (a file beside the experiment, and an image) with a
 * located problem and exit 2 otherwise; reports embed it as a data: URL and show client · project · author and the
 * confidentiality line at the top of the HTML (the line again at the foot). The PDF side is in fonts-pdf.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { runExperiment } from "../../src/run/runner.js";
import { startFakeOpenAIServer } from "../fakes/fake-openai-server.js";
import { join } from "node:path";
import { validateFile } from "../../src/validate/validate.js";
import { writeReport } from "../../src/render/report/write.js";
import { pageTemplates } from "../../src/render/report/pdf.js";
import { imageType } from "../../src/shared/image.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { cli } from "../helpers/cli.js";
import type { ExperimentInput } from "../../src/validate/schema.js";
import { japaneseRun, JA_REPORT } from "./japanese-run.js";
import { solidPng } from "./png.js";

const AT = "2026-01-02T03:04:05.000Z";
const SVG_LOGO = `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#123456"/></svg>`;

const experiment = (report: Record<string, string>): ExperimentInput => ({
  name: "logo",
  backends: { s: { type: "openai", base_url: "http://127.0.0.1:1/v1" } },
  variants: [{ id: "v", backend: "s", model: "m", format: "gguf" }],
  workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: 4 },
  report,
});

test("imageType knows PNG, JPEG and SVG by their bytes, not their names", () => {
  assert.equal(imageType(solidPng(2, 2, [1, 2, 3])), "image/png");
  assert.equal(imageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), "image/jpeg");
  assert.equal(imageType(Buffer.from(SVG_LOGO)), "image/svg+xml");
  assert.equal(imageType(Buffer.from("<!-- made by hand -->\n<svg viewBox='0 0 1 1'></svg>")), "image/svg+xml");
  assert.equal(imageType(Buffer.from("GIF89a")), null);
  assert.equal(imageType(Buffer.from("<html><svg></svg></html>")), null);
});

test("report.logo must be an image file beside the experiment: missing or not an image is a located problem, exit 2", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "logo.png"), solidPng(4, 4, [9, 9, 9]));
  writeFileSync(join(dir, "notes.png"), "not an image");
  assert.equal(validateFile(writeExperiment(dir, experiment({ logo: "logo.png", confidential: "社外秘" }), "ok.yaml")).ok, true);

  const missing = validateFile(writeExperiment(dir, experiment({ logo: "brand/missing.svg" }), "missing.yaml"));
  assert.ok(!missing.ok);
  assert.equal(missing.problems[0]?.field, "report.logo");
  assert.match(missing.problems[0]?.message ?? "", /brand\/missing\.svg does not exist; give a PNG, JPEG or SVG image file \(relative to the experiment file\)/);

  const file = writeExperiment(dir, experiment({ logo: "notes.png" }), "text.yaml");
  const r = cli(["validate", file]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stdout + r.stderr, /text\.yaml:\d+:\d+\s+report\.logo\s+\S*notes\.png is not a PNG, JPEG or SVG image/);
});

test("the HTML carries the logo (embedded), client · project · author and the confidentiality line; a lost logo is a warning", async () => {
  const run = japaneseRun({ ...JA_REPORT, logo: "brand/logo.svg" });
  writeFileSync(join(run, "logo.svg"), SVG_LOGO); // copied into the run folder: found there by its name
  const { base } = await writeReport([run], { formats: ["html"], out: tempDir(), generatedAt: AT });
  const html = readFileSync(`${base}.html`, "utf8");
  const top = /<header class="letterhead">([\s\S]*?)<\/header>/.exec(html)?.[1] ?? "";
  assert.match(top, /<img class="logo" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="">/);
  assert.ok(top.includes(`${JA_REPORT.client} · ${JA_REPORT.project} · ${JA_REPORT.author}`));
  assert.ok(top.includes(`<span class="confidential">${JA_REPORT.confidential}</span>`));
  assert.ok(/<footer><p class="confidential">社外秘・取扱注意<\/p>/.test(html), "the line again at the foot");

  const lost = japaneseRun({ client: "ACME", logo: "nowhere/logo.png" });
  const warnings: string[] = [];
  const out = await writeReport([lost], { formats: ["html"], out: tempDir(), generatedAt: AT, onWarning: (m) => warnings.push(m) });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? "", /report\.logo: nowhere\/logo\.png not found .*written without the logo/);
  assert.doesNotMatch(readFileSync(`${out.base}.html`, "utf8"), /<img/);
});

test("the PDF header and footer templates escape what they show and carry fonts for it", () => {
  const t = pageTemplates({ header: "run <1>", letterhead: { parties: ["<b>ACME</b> & Co"], confidential: "社外秘" } });
  assert.ok(t.headerTemplate.includes("&#60;b&#62;ACME&#60;/b&#62; &#38; Co"));
  assert.doesNotMatch(t.headerTemplate + t.footerTemplate, /<b>|run <1>/);
  assert.match(t.headerTemplate, /@font-face\{font-family:"Noto Sans JP";font-style:normal;font-weight:700;/, "bold for the confidentiality line");
  assert.match(t.footerTemplate, /class="pageNumber"><\/span> \/ <span class="totalPages">/);
  assert.match(t.footerTemplate, /@font-face/);
});

test("trialbook report says on stderr when the logo is lost, and still writes the report", () => {
  const run = japaneseRun({ client: "ACME", logo: "gone/logo.png" });
  const out = tempDir();
  const r = cli(["report", run, "--format", "html", "--out", out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^warning: report\.logo: gone\/logo\.png not found/m);
  assert.match(r.stdout, /20260401-000000-ja\.html/);
});

test("a run keeps a copy of the logo, so a run folder moved elsewhere still has its letterhead", async () => {
  const server = await startFakeOpenAIServer({ tokens: 2 });
  try {
    const dir = tempDir();
    writeFileSync(join(dir, "logo.png"), solidPng(4, 4, [9, 9, 9]));
    const e = experiment({ logo: "logo.png", client: "ACME" });
    const file = writeExperiment(dir, { ...e, backends: { s: { type: "openai", base_url: `${server.url}/v1` } }, workload: { ...e.workload, warmup: 0, repetitions: 1 } });
    const run = await runExperiment({ file, runsDir: join(dir, "runs") });
    assert.ok(existsSync(join(run.dir, "logo.png")));
    const moved = join(tempDir(), "moved-run");
    cpSync(run.dir, moved, { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    const warnings: string[] = [];
    const { base } = await writeReport([moved], { formats: ["html"], out: tempDir(), generatedAt: AT, onWarning: (m) => warnings.push(m) });
    assert.deepEqual(warnings, []);
    assert.match(readFileSync(`${base}.html`, "utf8"), /class="logo" src="data:image\/png;base64,/);
  } finally {
    await server.close();
  }
});

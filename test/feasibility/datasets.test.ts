/** Dataset files to items: globs, every readable format (PDF through unpdf on a PDF written here), records, placeholders. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { datasetFiles, fileText, loadItems } from "../../src/load/datasets.js";
import { parseCsv } from "../../src/load/files/csv.js";
import { htmlText } from "../../src/load/files/html.js";
import { fill, placeholders } from "../../src/plan/template.js";
import { Task } from "../../src/validate/feasibility.js";
import { runChecks } from "../../src/check/registry.js";
import { tempDir } from "../helpers/experiments.js";
import { minimalPdf } from "../helpers/pdf.js";

test("CSV: quoted commas, doubled quotes, newlines in quotes, CRLF, BOM", () => {
  const rows = parseCsv('\uFEFFid,name,note\r\n1,"Smith, J","said ""hi"""\r\n2,Lee,"two\nlines"\r\n');
  assert.deepEqual(rows, [
    { id: "1", name: "Smith, J", note: 'said "hi"' },
    { id: "2", name: "Lee", note: "two\nlines" },
  ]);
});

test("HTML: scripts and styles dropped, blocks kept as lines, entities decoded", () => {
  const t = htmlText("<html><head><style>p{}</style><script>alert(1)</script></head><body><h1>Title</h1><p>A &amp; B&nbsp;&#8364;5 &lt;ok&gt;</p><!-- hidden --></body></html>");
  assert.equal(t, "Title\nA & B €5 <ok>");
});

test("PDF text comes out through unpdf", async () => {
  const d = tempDir();
  writeFileSync(join(d, "invoice.pdf"), minimalPdf(["Invoice 7", "Total due: 1,250.00 EUR"]));
  const text = await fileText(join(d, "invoice.pdf"));
  assert.match(text, /Invoice 7/);
  assert.match(text, /Total due: 1,250\.00 EUR/);
});

test("items per file, per record (CSV rows, JSON elements) and per dataset; globs sorted, unreadable files left out", async () => {
  const d = tempDir();
  mkdirSync(join(d, "data"));
  writeFileSync(join(d, "data/b.md"), "# B");
  writeFileSync(join(d, "data/a.txt"), "A text");
  writeFileSync(join(d, "data/x.csv"), "order,total\nA-1,10\nA-2,20\n");
  writeFileSync(join(d, "data/y.json"), '[{"name":"Anna","role":"buyer"},{"name":"Luis","role":"auditor"}]');
  writeFileSync(join(d, "data/z.bin"), "\u0000");
  const ds = { files: ["data/*"], classification: "surrogate" as const };
  assert.deepEqual(datasetFiles(ds, d).map((f) => f.path), ["data/a.txt", "data/b.md", "data/x.csv", "data/y.json", "data/z.bin"]);
  const task = (per: "file" | "record" | "dataset") => Task.parse({ id: "t", dataset: "d", per, prompt: "{{text}}", checks: [{ type: "regex", pattern: "." }] });
  const files = await loadItems(task("file"), ds, d);
  assert.deepEqual(files.map((i) => i.id), ["a.txt", "b.md", "x.csv", "y.json"]);
  assert.equal(files[0]?.fields["text"], "A text");
  const records = await loadItems(task("record"), ds, d);
  assert.deepEqual(records.map((i) => i.id), ["x.csv#1", "x.csv#2", "y.json#1", "y.json#2"]);
  assert.equal(records[1]?.fields["total"], "20");
  assert.equal(records[2]?.fields["name"], "Anna", "a record's own field wins over the file name");
  const whole = await loadItems(task("dataset"), ds, d);
  assert.equal(whole.length, 1);
  assert.match(String(whole[0]?.fields["files"]), /## a\.txt\n\nA text\n\n## b\.md\n\n# B/);
});

test("placeholders: listed once, filled, and a missing field is an error, never an empty hole", () => {
  assert.deepEqual(placeholders("{{a}} {{ b }} {{a}}"), ["a", "b"]);
  assert.equal(fill("Total {{total}} for {{ who }}", { total: 12.5, who: "Lee" }), "Total 12.5 for Lee");
  assert.throws(() => fill("{{nope}}", { total: 1 }), /placeholder \{\{nope\}\} names no field; fields: total/);
});

test("check values take the item's fields", async () => {
  const results = await runChecks(
    [
      { type: "numeric", value: "{{total}}", tolerance: 0.01 },
      { type: "contains", value: "{{customer}}", case_sensitive: true },
      { type: "equals", value: "{{missing}}", trim: true, case_sensitive: true },
    ],
    "Brightwater owes 1,250.00 EUR",
    { item: { fields: { total: "1250", customer: "Brightwater" } }, baseDir: "." },
  );
  assert.deepEqual(results.map((r) => r.pass), [true, true, false]);
  assert.match(results[2]?.detail ?? "", /names no field/);
});

/**
 * A corpus of malformed experiment files (test/fixtures/malformed): each names in its first line the field and the
 * words its problem line must carry. Every file gives exit 2 and lines of the form `FILE:LINE:COL  field  message`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { validateFile } from "../../src/validate/validate.js";
import { formatProblem } from "../../src/validate/problem.js";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/experiments.js";

const dir = fileURLToPath(new URL("../fixtures/malformed", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
const LINE = /^(.+):(\d+):(\d+) {2}(\S+) {2}(.+)$/;

test("the corpus holds at least 30 malformed files", () => {
  assert.ok(files.length >= 30, `${files.length}`);
});

for (const f of files) {
  test(`malformed/${f} is rejected with the expected problem`, () => {
    const path = join(dir, f);
    const expect = /^# expect: (.*)$/.exec(readFileSync(path, "utf8").split("\n")[0] ?? "")?.[1] ?? "";
    const r = validateFile(path);
    assert.equal(r.ok, false);
    if (r.ok) return;
    const lines = r.problems.map(formatProblem);
    for (const line of lines) assert.match(line, LINE);
    if (expect === "(any)") return;
    if (expect === "(yaml)") {
      assert.ok(r.problems.every((p) => p.field === "(yaml)"), lines.join("\n"));
      return;
    }
    const [field, words] = expect.split("  ");
    const hit = r.problems.find((p) => p.field === field && p.message.includes(words ?? ""));
    assert.ok(hit, `expected ${field} with "${words}", got:\n${lines.join("\n")}`);
  });
}

test("files in other encodings are rejected at the first bad byte, with the fix", () => {
  const d = tempDir();
  const utf16 = join(d, "utf16.yaml");
  writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("name: x\n", "utf16le")]));
  const latin1 = join(d, "latin1.yaml");
  writeFileSync(latin1, Buffer.concat([Buffer.from("name: x\ndescription: caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
  const binary = join(d, "binary.yaml");
  writeFileSync(binary, Buffer.from([0x6e, 0x61, 0x00, 0x01, 0x02]));
  const r16 = validateFile(utf16);
  assert.ok(!r16.ok && r16.problems[0]?.message.includes("UTF-16"));
  const r1 = validateFile(latin1);
  assert.ok(!r1.ok);
  assert.deepEqual(!r1.ok && [r1.problems[0]?.line, r1.problems[0]?.col, r1.problems[0]?.field], [2, 17, "(file)"]);
  assert.match(!r1.ok ? (r1.problems[0]?.message ?? "") : "", /not valid UTF-8/);
  const rb = validateFile(binary);
  assert.ok(!rb.ok && /NUL/.test(rb.problems[0]?.message ?? ""));
});

test("trialbook validate: exit 2, one FILE:LINE:COL line per problem; exit 0 for valid files", () => {
  const bad = files.map((f) => join(dir, f));
  const r = cli(["validate", ...bad]);
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.ok(lines.length >= files.length);
  for (const line of lines) assert.match(line, LINE);
  for (const f of files) assert.ok(r.stdout.includes(join(dir, f) + ":"), `no line for ${f}`);
  const ok = cli(["validate", "experiments/demo.yaml", "experiments/llama-server-speed.yaml"]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.equal(ok.stdout, "");
});

test("trialbook run on an invalid file exits 2 and writes nothing", () => {
  const runs = join(tempDir(), "runs");
  for (const f of ["dangling-backend.yaml", "syntax-tab.yaml", "huge-concurrency.yaml"]) {
    const r = cli(["run", join(dir, f), "--runs-dir", runs]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr.split("\n")[0] ?? "", LINE);
  }
  assert.equal(existsSync(runs), false);
});

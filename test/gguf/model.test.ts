import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readGgufFileInfo } from "node-llama-cpp";
import { writeModel, MODEL_PRESETS } from "../../src/gguf/model.js";
import { buildVocab } from "../../src/gguf/vocab.js";
import { toF16 } from "../../src/gguf/writer.js";
import { sha256 } from "../../src/store/hash.js";
import { tempDir } from "../helpers/experiments.js";

test("the same seed writes a byte-identical model; another seed does not", () => {
  const d = tempDir();
  const [a, b, c] = ["a", "b", "c"].map((n) => join(d, `${n}.gguf`)) as [string, string, string];
  writeModel(a, { ...MODEL_PRESETS.tiny, seed: 7 });
  writeModel(b, { ...MODEL_PRESETS.tiny, seed: 7 });
  writeModel(c, { ...MODEL_PRESETS.tiny, seed: 8 });
  assert.equal(sha256(readFileSync(a)), sha256(readFileSync(b)));
  assert.notEqual(sha256(readFileSync(a)), sha256(readFileSync(c)));
});

test("node-llama-cpp reads the file as a GGUF v3 llama model with a SentencePiece vocabulary and ChatML", async () => {
  const path = join(tempDir(), "m.gguf");
  writeModel(path, { ...MODEL_PRESETS.tiny, seed: 1, name: "t" });
  const info = await readGgufFileInfo(path);
  assert.equal(info.version, 3);
  assert.equal(info.metadata.general.architecture, "llama");
  assert.equal(info.metadata.tokenizer.ggml.model, "llama");
  assert.equal(info.metadata.tokenizer.ggml.tokens.length, buildVocab().tokens.length);
  assert.match(String(info.metadata.tokenizer.chat_template), /im_start/);
  assert.equal(info.tensorInfo?.length, 3 + 9 * MODEL_PRESETS.tiny.layers);
});

test("F16 conversion rounds to nearest and keeps specials", () => {
  const out = toF16(new Float32Array([0, 1, -2, 65504, 1e6, 5.96e-8, 0.1]));
  const h = (i: number) => out.readUInt16LE(2 * i);
  assert.deepEqual([h(0), h(1), h(2), h(3), h(4), h(5), h(6)], [0x0000, 0x3c00, 0xc000, 0x7bff, 0x7c00, 0x0001, 0x2e66]);
});

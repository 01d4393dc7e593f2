/**
 * A fontconfig with no CJK font, as on a fresh Debian with Chromium from apt: a folder holding links to a few of this
 * machine's Latin fonts (DejaVu/Liberation), none of which covers Japanese. Chromium started with FONTCONFIG_FILE
 * pointing at it can draw Japanese only from fonts the document embeds.
 *
 * (A fontconfig with no font at all does not work: Chromium then refuses every web font as well — every @font-face
 * reports "error" — so the machine needs at least one ordinary font, as every real one has.)
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { tempDir } from "../helpers/experiments.js";

const list = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  execFileSync("fc-list", ["--format", "%{file}\\n", ...args], { encoding: "utf8", env }).split("\n").filter(Boolean);

/** Writes the config and returns its path; throws when the check below finds a font that covers Japanese. */
export function noCjkFontconfig(): string {
  const dir = tempDir("trialbook-fc-");
  const fonts = join(dir, "fonts");
  mkdirSync(fonts);
  const japanese = new Set(list([":lang=ja"]));
  const latin = list([":lang=en"]).filter((f) => !japanese.has(f) && /DejaVuSans(-Bold)?\.ttf$|LiberationSans-(Regular|Bold)\.ttf$/.test(f));
  for (const f of latin.slice(0, 4)) symlinkSync(f, join(fonts, basename(f)));
  const file = join(dir, "fonts.conf");
  writeFileSync(file, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${fonts}</dir><cachedir>${join(dir, "cache")}</cachedir></fontconfig>\n`);
  const env = { ...process.env, FONTCONFIG_FILE: file };
  const cjk = list([":lang=ja"], env);
  if (cjk.length) throw new Error(`the test fontconfig still has Japanese fonts: ${cjk.join(", ")}`);
  if (list([], env).length === 0) throw new Error("no Latin font (DejaVu Sans or Liberation Sans) found to put in the test fontconfig");
  return file;
}

/** The Japanese fonts a fontconfig offers (for the test's own precondition). */
export const japaneseFonts = (fontconfig: string): string[] => list([":lang=ja"], { ...process.env, FONTCONFIG_FILE: fontconfig });

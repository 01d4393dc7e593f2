import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

/** The fonts a PDF uses, as `pdffonts` (poppler) lists them; subset prefixes ("ABCDEF+") removed. */
export function pdfFonts(file: string): PdfFont[] {
  const lines = execFileSync("pdffonts", [file], { encoding: "utf8" }).split("\n").slice(2).filter((l) => l.trim());
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    // name, type (1–2 words), encoding, emb, sub, uni, object, generation
    const [emb] = cols.slice(-5);
    return { name: (cols[0] ?? "").replace(/^[A-Z]{6}\+/, ""), type: cols.slice(1, -6).join(" "), embedded: emb === "yes" };
  });
}

/**
 * The glyph ids that a PDF's page content draws with Tj/TJ (Chromium/Skia writes 2-byte hex strings, one glyph per
 * 4 hex digits). Glyph 0 is .notdef: the box a font draws for a character it lacks.
 */
export function pdfGlyphIds(file: string): number[] {
  const buf = readFileSync(file);
  const text = buf.toString("latin1");
  const out: number[] = [];
  for (const m of text.matchAll(/<<((?:(?!>>\s*stream)[\s\S])*?)>>\s*stream\r?\n/g)) {
    const dict = m[1] ?? "";
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    if (!length) continue;
    const start = (m.index ?? 0) + m[0].length;
    const raw = buf.subarray(start, start + length);
    let content: string;
    try {
      content = /FlateDecode/.test(dict) ? inflateSync(raw).toString("latin1") : raw.toString("latin1");
    } catch {
      continue;
    }
    for (const show of content.matchAll(/(<[0-9A-Fa-f\s]*>|\[[^\]]*\])\s*T[jJ]/g)) {
      for (const hex of (show[1] ?? "").matchAll(/<([0-9A-Fa-f\s]*)>/g)) {
        const digits = (hex[1] ?? "").replace(/\s/g, "");
        for (let i = 0; i + 4 <= digits.length; i += 4) out.push(parseInt(digits.slice(i, i + 4), 16));
      }
    }
  }
  return out;
}

/** A minimal one-page PDF with the given lines of text (Helvetica), written by hand — enough for text extraction. */
export function minimalPdf(lines: readonly string[]): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const stream = `BT /F1 12 Tf 72 720 Td ${lines.map((l, i) => `${i ? "0 -16 Td " : ""}(${esc(l)}) Tj`).join(" ")} ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

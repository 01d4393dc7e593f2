/**
 * Synthetic prompts of a target length. The filler is made of common English words that most tokenizers (and the
 * self-made models) encode as one token each, so `n` words are about `n` tokens; the stored trial records the exact
 * count the backend reports. Deterministic: the same length always gives the same text.
 */
const WORDS = `the model data time system result work first new report test speed science local method value number
study world large public people state large machine early simple clear general common final major recent future
energy material example evidence figure measure memory research analysis review question answer paper history`
  .split(/\s+/)
  .filter(Boolean);

export function syntheticText(tokens: number, seed = 1): string {
  const words: string[] = [];
  let x = (seed * 2654435761) >>> 0;
  for (let i = 0; i < tokens; i++) {
    x = (Math.imul(x ^ (x >>> 13), 1597334677) + i) >>> 0;
    words.push(WORDS[x % WORDS.length] ?? "the");
  }
  return words.join(" ");
}

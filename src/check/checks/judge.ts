/**
 * `judge`: a rubric graded by a named judge variant. The judge sees the question, the answer (without reasoning) and
 * the rubric, and answers JSON `{"score": 0..1, "reasoning": "…"}`; both are stored with the check. An answer the
 * judge does not grade in that form fails the check and says why — a grade is never guessed.
 */
import { answerOnly, parseJsonAnswer } from "../answer.js";
import { failed, type CheckImpl } from "../types.js";

export const JUDGE_SYSTEM =
  "You grade answers strictly against a rubric. Reply with one JSON object and nothing else: " +
  '{"score": <number from 0 to 1>, "reasoning": "<one or two sentences>"}.';

export function judgePrompt(rubric: string, question: string, answer: string): string {
  return [`Rubric:\n${rubric}`, `Question:\n${question}`, `Answer to grade:\n${answer}`, "Grade the answer against the rubric."].join("\n\n");
}

/** Reads the judge's grade from its answer: the first JSON object holding a numeric score in [0, 1]. */
export function readGrade(text: string): { score: number; reasoning: string } | { problem: string } {
  const clean = answerOnly(text);
  const candidates = [clean, ...(clean.match(/\{[^{}]*\}/g) ?? [])];
  for (const c of candidates) {
    const parsed = parseJsonAnswer(c);
    if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) continue;
    const { score, reasoning } = parsed.value as { score?: unknown; reasoning?: unknown };
    const n = typeof score === "number" ? score : typeof score === "string" ? Number(score) : NaN;
    if (Number.isFinite(n) && n >= 0 && n <= 1) return { score: n, reasoning: typeof reasoning === "string" ? reasoning : "" };
  }
  return { problem: `the judge did not answer {"score": 0..1, "reasoning": …}: ${JSON.stringify(clean.slice(0, 120))}` };
}

export const judge: CheckImpl<"judge"> = async (c, answer, context) => {
  if (!context.askJudge) return failed(`no judge available for variant ${c.judge}`);
  let text: string;
  try {
    text = await context.askJudge(c.judge, { system: JUDGE_SYSTEM, text: judgePrompt(c.rubric, context.question ?? "", answer), max_tokens: c.max_tokens });
  } catch (e) {
    return { ...failed(`judge ${c.judge} failed: ${(e as Error).message}`), judge: { variant: c.judge, score: null, reasoning: "" } };
  }
  const grade = readGrade(text);
  if ("problem" in grade) return { ...failed(grade.problem), judge: { variant: c.judge, score: null, reasoning: text.slice(0, 2000) } };
  const pass = grade.score >= c.pass_score;
  return {
    pass,
    score: grade.score,
    detail: `judge ${c.judge} scored ${grade.score} (${pass ? "≥" : "<"} ${c.pass_score})${grade.reasoning ? `: ${grade.reasoning}` : ""}`,
    judge: { variant: c.judge, score: grade.score, reasoning: grade.reasoning },
  };
};

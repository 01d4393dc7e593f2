/** One thing wrong with an experiment file, located in the file, and the error that carries a list of them. */
export type FieldPath = ReadonlyArray<string | number>;

export interface Problem {
  file: string;
  line: number;
  col: number;
  /** Dotted field path, e.g. `variants[1].backend`; `(yaml)` for syntax errors, `(file)` for the file itself. */
  field: string;
  message: string;
}

export function formatPath(path: FieldPath): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** `FILE:LINE:COL  field  message` — the line format of `trialbook validate`. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}  ${p.field}  ${p.message}`;
}

/** Thrown when an experiment file is invalid; `problems` holds every problem found, in file order. */
export class ExperimentError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ExperimentError";
    this.problems = problems;
  }
}

// Config problems: every validation finding names its dotted path, its place in the file and the fix.

export interface ConfigProblem {
  /** Dotted path into the document, e.g. `routes[3].weight`; empty for the document itself. */
  path: string;
  line?: number;
  column?: number;
  /** What is wrong and how to fix it, e.g. `140 is above 100 — use 0..100`. */
  message: string;
}

export class ConfigInvalidError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(source, problems));
    this.name = 'ConfigInvalidError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function formatProblem(source: string, problem: ConfigProblem): string {
  const where = problem.line === undefined ? source : `${source}:${problem.line}:${problem.column ?? 1}`;
  const what = problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
  return `${where}  ${what}`;
}

export function formatProblems(source: string, problems: readonly ConfigProblem[]): string {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  return [`${source}: ${problems.length} ${noun}`, ...problems.map((p) => `  ${formatProblem(source, p)}`)].join('\n');
}

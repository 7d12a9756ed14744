/**
 * One problem with the input, in the API server's voice:
 * `<where>: <object>: <field>: Invalid value: "<value>": <why>`.
 */
export interface Problem {
  /** Stable machine-readable code, e.g. `invalid-cidr`. */
  readonly code: string;
  /** The object the problem is in, e.g. `NetworkPolicy app/allow-dns`. */
  readonly object?: string;
  /** Where the object came from, e.g. `deploy/app.yaml (document 3, line 40)`. */
  readonly source?: string;
  /** The field path in the API server's form, e.g. `spec.ingress[0].from[1].ipBlock.cidr`. */
  readonly field?: string;
  /** The full message, already in the API server's form where one exists. */
  readonly message: string;
  /** A concrete suggestion, when there is one. */
  readonly hint?: string;
}

/** Renders a problem as one line for people. */
export function formatProblem(problem: Problem): string {
  const where = [problem.source, problem.object].filter((part) => part !== undefined && part !== '').join(': ');
  const head = where ? `${where}: ` : '';
  const field = problem.field ? `${problem.field}: ` : '';
  const hint = problem.hint ? ` (${problem.hint})` : '';
  return `${head}${field}${problem.message}${hint}`;
}

/**
 * Thrown by the pure layers only for malformed input (never for a denied flow).
 * Carries every problem found, sorted, so callers can report them all at once.
 */
export class InputError extends Error {
  public readonly problems: Problem[];

  constructor(problems: Problem[]) {
    const sorted = sortProblems(problems);
    super(sorted.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = sorted;
  }
}

export function sortProblems(problems: readonly Problem[]): Problem[] {
  const key = (p: Problem) => `${p.source ?? ''}\u0000${p.object ?? ''}\u0000${p.field ?? ''}\u0000${p.message}`;
  return [...problems].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Collects problems while a structure is walked, then throws them together. */
export class ProblemCollector {
  private readonly found: Problem[] = [];

  public add(problem: Problem): void {
    this.found.push(problem);
  }

  public get problems(): readonly Problem[] {
    return this.found;
  }

  public throwIfAny(): void {
    if (this.found.length > 0) throw new InputError(this.found);
  }
}

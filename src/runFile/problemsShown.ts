// Which problems found in a file the extension reports itself, and how refusing to send it reads. VS
// Code's JSON language service already reports syntax errors and repeated keys in the json and jsonc
// documents it validates: a second problem for the same mistake doubled the Problems panel's count.
import { plural } from '../shared/format';
import type { RunInputProblem, RunInputProblemCode } from './runInput';

/** What VS Code's JSON language service reports of its own, wherever it validates. */
const REPORTED_BY_JSON_SERVICE: ReadonlySet<RunInputProblemCode> = new Set(['syntax', 'duplicateKey']);

export interface ReadWhere {
  /** VS Code's JSON language service validates the document (json or jsonc, validation on). */
  readonly jsonServiceValidates: boolean;
  /** Only a selection was read: its problems are about the selected text, which VS Code does not look at apart. */
  readonly selection: boolean;
}

/** The problems the extension shows as its own diagnostics: all, but those VS Code already shows. */
export function problemsToShow(problems: readonly RunInputProblem[], where: ReadWhere): RunInputProblem[] {
  if (!where.jsonServiceValidates || where.selection) return [...problems];
  return problems.filter((problem) => !REPORTED_BY_JSON_SERVICE.has(problem.code));
}

/**
 * The notification when nothing was sent: the first error and its line. A text that is not JSON is
 * said so, with no count (VS Code's count of its syntax errors is its own); otherwise the errors are
 * counted (warnings, which do not stop a run, are not).
 */
export function nothingSentText(file: string, errors: readonly RunInputProblem[], firstLine: number | undefined): string {
  const first = errors[0];
  const where = firstLine !== undefined ? ` (line ${firstLine})` : '';
  const what = errors.every((error) => error.code === 'syntax') ? 'is not valid JSON' : `has ${plural(errors.length, 'error')}`;
  return `${file} ${what}, so nothing was sent: ${first?.message ?? ''}${where}`;
}

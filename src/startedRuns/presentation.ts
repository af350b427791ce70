// What the runs started from VS Code look like outside the tree: the status-bar item, the quick pick
// of the runs still going, and the notification at a run's end. Pure; run data passes through the
// sink function of the place it is shown.
import { isFinishedRunStatus, type Run } from '../api';
import type { Severity } from '../core/prompts';
import { runCredits } from '../runs/runCredits';
import { failureNode, runFailure, type RunFailure } from '../runs/runFailure';
import type { FollowProblem, StartedRun } from '../runs/startedRuns';
import { durationBetween, firstLine, formatCount, formatDuration, formatRelativeTime, plural } from '../shared/format';
import { firstVisible, notificationText, plainTooltipText, quickPickText } from '../shared/text';

export interface StatusBarPresentation {
  /** The item's text: `$(icon)` renders, so run data in it would be escaped (it holds none). */
  readonly text: string;
  /** A plain-string tooltip: nothing in it renders, so nothing is escaped. */
  readonly tooltip: string;
}

/**
 * "$(sync~spin) 2 Cargo runs", or undefined when nothing started here is going. While following them keeps
 * failing (`problem`), "$(warning) 2 Cargo runs", the tooltip saying since when they are not updated and why.
 */
export function presentGoing(going: readonly StartedRun[], problem?: FollowProblem): StatusBarPresentation | undefined {
  if (going.length === 0) return undefined;
  const names = going.slice(0, 5).map(({ entry, run }) => plainTooltipText(runTitle(run, entry.source), 60));
  const more = going.length > 5 ? [`and ${going.length - 5} more`] : [];
  const stale = problem
    ? [`Not updated since ${new Date(problem.lastUpdatedAt).toLocaleTimeString()}: ${plainTooltipText(problem.message, 300)} Retrying automatically.`]
    : [];
  return {
    text: `${problem ? '$(warning)' : '$(sync~spin)'} ${plural(going.length, 'Cargo run')}`,
    tooltip: [...stale, `Runs started from this window, still going:`, ...names, ...more, 'Click to see them.'].join('\n'),
  };
}

export interface RunPickPresentation {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
}

export function presentRunPick({ entry, run }: StartedRun, now = Date.now()): RunPickPresentation {
  const status = run ? run.status.raw : 'unknown';
  // A finished run without finishedAt has no end to measure to: its time is unknown, not "until now".
  const elapsed = run && (run.finishedAt || !isFinishedRunStatus(run.status)) ? durationBetween(run.createdAt, run.finishedAt, now) : undefined;
  return {
    label: quickPickText(runTitle(run, entry.source), 100),
    description: quickPickText([status, elapsed !== undefined ? formatDuration(elapsed) : undefined].filter(Boolean).join(' · '), 80),
    detail: quickPickText(`Started ${formatRelativeTime(entry.createdAt, now)} from ${entry.source || 'VS Code'} · run ${entry.uuid}`, 200),
  };
}

export interface FinishPresentation {
  readonly severity: Severity;
  readonly message: string;
  /** The failed node's failure, for "Show Error" (none when no node failed). */
  readonly failed: RunFailure | undefined;
}

/** "Run of "Acme" succeeded in 12 s · 4 credits." / "Run of "Acme" failed at Enrich (enrich): Rate limited." */
export function presentFinish(run: Run, source: string): FinishPresentation {
  const title = notificationText(runTitle(run, source), 80);
  const failure = runFailure(run);
  const failed = failure?.execution ? failure : undefined;
  const credits = runCredits(run);
  const duration = run.finishedAt ? durationBetween(run.createdAt, run.finishedAt) : undefined;
  const facts = [duration !== undefined ? `in ${formatDuration(duration)}` : undefined, credits > 0 ? `${formatCount(credits)} credits` : undefined]
    .filter(Boolean)
    .join(' · ');
  switch (run.status.known) {
    case 'success':
      return { severity: 'info', message: `Run of "${title}" succeeded${facts ? ` ${facts}` : ''}.`, failed };
    case 'error': {
      const node = failed ? notificationText(failureNode(failed), 60) : undefined;
      const error = notificationText(firstLine(failed?.message ?? run.errorMessage ?? '', 200), 200);
      return { severity: 'error', message: `Run of "${title}" failed${node ? ` at ${node}` : ''}${error ? `: ${error}` : '.'}`, failed };
    }
    case 'cancelled':
      return { severity: 'warning', message: `Run of "${title}" was cancelled.`, failed };
    case 'skipped':
      return { severity: 'warning', message: `Run of "${title}" was skipped.`, failed };
    default:
      return { severity: 'info', message: `Run of "${title}" ended: ${notificationText(run.status.raw, 40)}.`, failed };
  }
}

/** The end of every run of one array of records, in one notification. */
export function presentLaunchFinish(runs: readonly StartedRun[], source: string): FinishPresentation {
  const only = runs.length === 1 ? runs[0] : undefined;
  if (only?.run) return presentFinish(only.run, only.entry.source);
  const count = (status: string) => runs.filter(({ run }) => run?.status.known === status).length;
  const failed = runs.filter(({ run }) => run?.status.known === 'error');
  const parts = [`${count('success')} succeeded`, failed.length > 0 ? `${failed.length} failed` : undefined];
  const others = runs.length - count('success') - failed.length;
  if (others > 0) parts.push(`${others} ended otherwise (cancelled or skipped)`);
  const first = failed[0]?.run;
  const firstFailure = first ? presentFinish(first, '') : undefined;
  const example = firstFailure?.failed ? ` First failure: ${firstFailure.message.replace(/^Run of /, '')}` : '';
  return {
    severity: failed.length > 0 ? 'error' : others > 0 ? 'warning' : 'info',
    message: `The ${plural(runs.length, 'run')} from ${notificationText(source, 80)} have finished: ${parts.filter(Boolean).join(', ')}.${example}`,
    failed: firstFailure?.failed,
  };
}

/** The run's record title, or where it was started from while the run is not known yet. */
export function runTitle(run: Run | undefined, source: string): string {
  return firstVisible(run?.recordTitle, run?.recordId, source) ?? (run ? `run ${run.uuid.slice(0, 8)}` : 'run');
}

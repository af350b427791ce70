// How a batch's failure report reads in the Failures view: a summary row, one row per group (count
// and node, the cause beside, examples under it), the notes, and node health. Pure: run data goes
// through its sink's function (tree text, Markdown for tooltips).
import { rowsOf } from '../core/rows';
import { batchOutcomeIcon } from '../runs/batchOutcome';
import { firstLine, formatCount, formatCountInFull, formatShare, pluralInFull } from '../shared/format';
import { firstVisible, markdownLineText, markdownText, treeItemText } from '../shared/text';
import { groupNodeLabel, nodeHealthLabel, sortFailureGroups, UNKNOWN_NODE, type FailureExample, type FailureGroup, type FailureSort } from './failureGroups';
import type { FailureReport, NodeHealth } from './failureReport';

export type FailuresNode =
  | { readonly kind: 'summary'; readonly id: string; readonly report: FailureReport; readonly title: string }
  | { readonly kind: 'group'; readonly id: string; readonly group: FailureGroup }
  | { readonly kind: 'example'; readonly id: string; readonly example: FailureExample; readonly group: FailureGroup }
  /** "Show all N runs" under a group's examples (listed: 0), then "Load more" while some are not listed. */
  | { readonly kind: 'moreRuns'; readonly id: string; readonly group: FailureGroup; readonly listed: number }
  | { readonly kind: 'note'; readonly id: string; readonly text: string }
  | { readonly kind: 'health'; readonly id: string; readonly report: FailureReport }
  | { readonly kind: 'node'; readonly id: string; readonly node: NodeHealth };

/** Whether a value is a row of the Failures view (checked, not trusted). */
export const isFailuresNode = rowsOf<FailuresNode>(['summary', 'group', 'example', 'moreRuns', 'note', 'health', 'node']);

/** How many more of a group's runs "Show all N runs" and "Load more" list at a time. */
export const RUNS_PAGE = 50;

/** How many runs of each group (by key) are listed beyond its examples; a group not in it shows its examples. */
export type ListedRuns = ReadonlyMap<string, number>;

export interface FailuresItem {
  readonly label: string;
  readonly description?: string;
  /** Markdown source with every piece of run data escaped. */
  readonly tooltip?: string;
  readonly icon?: { readonly id: string; readonly color?: string };
  readonly contextValue: string;
  readonly expandable: boolean;
}

export const SORT_LABELS: Readonly<Record<FailureSort, string>> = {
  count: 'Most runs first',
  credits: 'Most credits spent first',
  node: 'By node',
  cause: 'By cause',
};

/** The rows at the top of the view. */
export function failuresRoots(report: FailureReport, title: string, sort: FailureSort): FailuresNode[] {
  const groups = sortFailureGroups(report.groups, sort).map((group): FailuresNode => ({ kind: 'group', id: `group:${group.key}`, group }));
  const notes = report.notes.map((text, i): FailuresNode => ({ kind: 'note', id: `note:${i}`, text }));
  const health: FailuresNode[] = report.nodeHealth && report.nodeHealth.length > 0 ? [{ kind: 'health', id: 'health', report }] : [];
  return [{ kind: 'summary', id: 'summary', report, title }, ...groups, ...notes, ...health];
}

export function failuresChildren(node: FailuresNode, listed: ListedRuns = new Map()): FailuresNode[] {
  switch (node.kind) {
    case 'group': {
      const { group } = node;
      const count = listed.get(group.key);
      const shown = count === undefined ? group.examples : group.runs.slice(0, Math.max(count, group.examples.length));
      const rows = shown.map((example): FailuresNode => ({ kind: 'example', id: `example:${group.key}:${example.runUuid}`, example, group }));
      if (shown.length < group.runs.length) rows.push({ kind: 'moreRuns', id: `more:${group.key}`, group, listed: count ?? 0 });
      return rows;
    }
    case 'health':
      return [...(node.report.nodeHealth ?? [])]
        .sort((a, b) => b.failed - a.failed || b.succeeded - a.succeeded)
        .map((health): FailuresNode => ({ kind: 'node', id: `node:${health.nodeUuid}`, node: health }));
    default:
      return [];
  }
}

export function presentFailuresNode(node: FailuresNode): FailuresItem {
  switch (node.kind) {
    case 'summary': {
      const { report } = node;
      const share = report.totalRuns > 0 ? report.failedRuns / report.totalRuns : 0;
      const loaded = report.loadedFailedRuns < report.failedRuns ? ` · ${formatCountInFull(report.loadedFailedRuns)} loaded` : '';
      return {
        label: treeItemText(node.title, 120),
        // A sentence: its numbers in full.
        description: `${formatCountInFull(report.failedRuns)} of ${pluralInFull(report.totalRuns, 'run')} failed (${formatShare(share)})${loaded}${report.partial ? ' · stopped early' : ''}`,
        tooltip: [
          `**${markdownLineText(firstVisible(node.title) ?? 'Failures', 200)}**`,
          `${pluralInFull(report.groups.length, 'cause')}, ${pluralInFull(report.requests, 'request')} to Cargo`,
        ].join('\n\n'),
        // The batch's state by the rule its row in the Runs view follows; a workflow's runs warn when some failed.
        icon: batchOutcomeIcon(report.outcome ?? (report.failedRuns > 0 ? 'someFailed' : 'succeeded')),
        contextValue: 'failuresSummary',
        expandable: false,
      };
    }
    case 'group': {
      const { group } = node;
      const cause = group.cause || 'no message';
      return {
        label: `${formatCount(group.count)} · ${treeItemText(groupNodeLabel(group), 80)}`,
        description: treeItemText(cause, 200),
        tooltip: [
          `**${pluralInFull(group.count, 'run')}** (${formatShare(group.share)} of the batch) failed at **${markdownLineText(firstVisible(groupNodeLabel(group)) ?? 'a node', 100)}**`,
          `Cause: ${markdownText(cause, 600)}`,
          `Credits spent by these runs: ${formatCountInFull(group.creditsSpent)}`,
          ...(group.examples[0] ? [`Newest example: ${markdownText(firstLine(group.examples[0].message, 400), 400)}`] : []),
        ].join('\n\n'),
        icon: { id: 'error', color: 'testing.iconFailed' },
        contextValue: 'failureGroup',
        expandable: group.examples.length > 0,
      };
    }
    case 'example': {
      const { example } = node;
      return {
        label: treeItemText(firstVisible(example.recordTitle, example.recordId, example.runUuid) ?? 'Run', 120),
        description: treeItemText(firstLine(example.message, 200), 200),
        tooltip: [`Run ${markdownText(example.runUuid, 60)}`, markdownText(example.message, 2000)].join('\n\n'),
        icon: { id: 'debug-stackframe' },
        contextValue: 'failureExample',
        expandable: false,
      };
    }
    case 'moreRuns': {
      const { group } = node;
      const remaining = group.runs.length - Math.max(node.listed, group.examples.length);
      return node.listed === 0
        ? {
            label: `Show all ${pluralInFull(group.runs.length, 'run')}`,
            tooltip: `List every run of this cause, ${formatCountInFull(RUNS_PAGE)} at a time, newest first`,
            icon: { id: 'list-flat' },
            contextValue: 'failureRunsMore',
            expandable: false,
          }
        : {
            label: `Load more (${formatCountInFull(remaining)} remaining)`,
            icon: { id: 'more' },
            contextValue: 'failureRunsMore',
            expandable: false,
          };
    }
    case 'note':
      return { label: treeItemText(node.text, 300), icon: { id: 'info' }, contextValue: 'failuresNote', expandable: false };
    case 'health':
      return {
        label: 'Node health',
        description: 'how each node fared in every run',
        icon: { id: 'pulse' },
        contextValue: 'nodeHealth',
        expandable: true,
      };
    case 'node': {
      const { node: health } = node;
      const name = nodeHealthLabel(health);
      const parts = [
        `${formatCount(health.succeeded)} succeeded`,
        `${formatCount(health.failed)} failed`,
        ...(health.skipped > 0 ? [`${formatCount(health.skipped)} skipped`] : []),
        ...(health.cancelled > 0 ? [`${formatCount(health.cancelled)} cancelled`] : []),
        ...(health.pending > 0 ? [`${formatCount(health.pending)} going`] : []),
        `${formatCount(health.credits)} credits`,
      ];
      return {
        label: treeItemText(name, 100),
        description: parts.join(' · '),
        tooltip: [
          name === UNKNOWN_NODE
            ? `**${UNKNOWN_NODE}** (id ${markdownLineText(health.nodeUuid.slice(0, 8), 8)}): neither the release nor the failed runs name it`
            : `**${markdownLineText(firstVisible(name) ?? UNKNOWN_NODE, 200)}**`,
          parts.join(' · '),
        ].join('\n\n'),
        icon: health.failed > 0 ? { id: 'warning', color: 'list.warningForeground' } : { id: 'pass', color: 'testing.iconPassed' },
        contextValue: 'nodeHealthRow',
        expandable: false,
      };
    }
  }
}

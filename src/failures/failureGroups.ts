// Why a batch's runs failed: failed runs grouped by where they failed (the node) and why (the
// cause their messages share), biggest group first, and the same as a Markdown table. VS Code-free.
import type { Run } from '../api';
import { nodeLabel } from '../runs/labels';
import { runCredits } from '../runs/runCredits';
import { runFailure } from '../runs/runFailure';
import { firstLine, formatCountInFull, formatShare, parseTime, pluralInFull } from '../shared/format';
import { firstVisible, markdownLineText, markdownTableCellText, markdownText, sliceWhole } from '../shared/text';
import type { FailureReport, NodeHealth } from './failureReport';
import { groupCauses } from './causes';

/** The node of a run that failed without a failed execution (the run's own error message). */
export const NO_NODE = '—';
/** How many runs a group shows, by default. */
export const EXAMPLES_PER_GROUP = 3;
/** An example's message is kept up to this length: a report may go to a webview, and one message can be 1 MB. */
export const MAX_EXAMPLE_MESSAGE = 10_000;
/** The message of a group's other runs is kept up to this length (what a row's tooltip shows). */
export const MAX_LISTED_MESSAGE = 2_000;

export interface FailureExample {
  readonly runUuid: string;
  readonly recordId: string;
  readonly recordTitle: string;
  readonly createdAt: string;
  /** The raw message (cut, "…" marking the cut). Untrusted: each sink makes it safe. */
  readonly message: string;
}

export interface FailureGroup {
  /** Stable and unique per (node, cause). */
  readonly key: string;
  readonly nodeSlug: string;
  readonly nodeName?: string;
  /** What the runs' messages share, the parts that differ between them folded (causes.ts); '' when they had none. */
  readonly cause: string;
  readonly count: number;
  /** count / the batch's runs (options.totalRuns), 0 to 1. */
  readonly share: number;
  /** Up to EXAMPLES_PER_GROUP runs, newest first (their messages cut at MAX_EXAMPLE_MESSAGE). */
  readonly examples: readonly FailureExample[];
  /** Every run of the group, newest first: the examples, then the others (messages cut at MAX_LISTED_MESSAGE). */
  readonly runs: readonly FailureExample[];
  /** Credits the group's runs spent, all their executions together. */
  readonly creditsSpent: number;
}

/** A node of the batch's graph, to name the nodes the runs name only by slug. */
export interface NamedNode {
  readonly uuid: string;
  readonly slug: string;
  readonly name?: string | null | undefined;
}

export interface GroupFailuresOptions {
  /** The batch's runs, all statuses: what `share` is a share of. Default: the runs given. */
  totalRuns?: number;
  /** Default EXAMPLES_PER_GROUP. */
  examples?: number;
  /** The graph of the runs' release: names the nodes the runs carry no name for. */
  nodes?: readonly NamedNode[];
}

export type FailureSort = 'count' | 'node' | 'cause' | 'credits';

/**
 * Failed runs grouped by failing node, then by cause (causes.ts), biggest first, ties by node then
 * cause. A run listed twice (pages of a live batch shift) counts once.
 */
export function groupFailures(runs: readonly Run[], options: GroupFailuresOptions = {}): FailureGroup[] {
  const maxExamples = options.examples ?? EXAMPLES_PER_GROUP;
  const seen = new Set<string>();
  const byNode = new Map<string, { nodeUuid?: string; nodeName?: string; failed: Failed[] }>();
  for (const run of runs) {
    if (seen.has(run.uuid)) continue;
    seen.add(run.uuid);
    // Listed as failed: a run that shows no failure of its own failed at no node, for no reason Cargo gave.
    const failure = runFailure(run);
    const nodeSlug = failure?.nodeSlug ?? NO_NODE;
    let node = byNode.get(nodeSlug);
    if (!node) {
      node = { failed: [] };
      byNode.set(nodeSlug, node);
    }
    node.nodeUuid ??= failure?.nodeUuid;
    node.nodeName ??= failure?.nodeName;
    node.failed.push({ run, message: failure?.message ?? run.errorMessage ?? '' });
  }
  const total = options.totalRuns ?? seen.size;
  const graph = namesOf(options.nodes ?? []);
  const result: FailureGroup[] = [];
  for (const [nodeSlug, node] of byNode) {
    const nodeName = node.nodeName ?? graph.get(node.nodeUuid ?? '') ?? graph.get(`slug:${nodeSlug}`);
    for (const cause of groupCauses(node.failed.map((failed) => failed.message))) {
      const members = cause.members.map((index) => node.failed[index] as Failed).sort(newestFirst);
      const listed = members.map((failed, index) => exampleOf(failed, index < maxExamples ? MAX_EXAMPLE_MESSAGE : MAX_LISTED_MESSAGE));
      result.push({
        key: JSON.stringify([nodeSlug, cause.key]),
        nodeSlug,
        ...(nodeName ? { nodeName } : {}),
        cause: cause.cause,
        count: members.length,
        share: total > 0 ? Math.min(1, members.length / total) : 0,
        examples: listed.slice(0, Math.max(0, maxExamples)),
        runs: listed,
        creditsSpent: members.reduce((sum, failed) => sum + runCredits(failed.run), 0),
      });
    }
  }
  return sortFailureGroups(result, 'count');
}

/** Node uuid → name, and `slug:` + slug → name, of the nodes that have one. */
function namesOf(nodes: readonly NamedNode[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const node of nodes) {
    const name = firstVisible(node.name);
    if (!name) continue;
    if (!names.has(node.uuid)) names.set(node.uuid, name);
    if (!names.has(`slug:${node.slug}`)) names.set(`slug:${node.slug}`, name);
  }
  return names;
}

/**
 * The groups in a new array: 'count' biggest first, 'credits' most spent first, 'node' and 'cause'
 * alphabetically; ties by count, then node, then cause.
 */
export function sortFailureGroups(groups: readonly FailureGroup[], by: FailureSort): FailureGroup[] {
  const byCount = (a: FailureGroup, b: FailureGroup) => b.count - a.count;
  const byNode = (a: FailureGroup, b: FailureGroup) => compareText(a.nodeSlug, b.nodeSlug);
  const byCause = (a: FailureGroup, b: FailureGroup) => compareText(a.cause, b.cause);
  const order = {
    count: [byCount, byNode, byCause],
    node: [byNode, byCount, byCause],
    cause: [byCause, byCount, byNode],
    credits: [(a: FailureGroup, b: FailureGroup) => b.creditsSpent - a.creditsSpent, byCount, byNode, byCause],
  }[by];
  return [...groups].sort((a, b) => {
    for (const compare of order) {
      const result = compare(a, b);
      if (result !== 0) return result;
    }
    return 0;
  });
}

/** The node of a group (or of a node's health), named as every node is (nodeLabel). */
export function groupNodeLabel(group: { readonly nodeSlug: string; readonly nodeName?: string | undefined }): string {
  return nodeLabel({ name: group.nodeName, slug: group.nodeSlug });
}

/**
 * The report as Markdown (to paste into an issue or a chat): a summary, a table of the groups, the
 * notes, and the node health table when there is one. Every text from Cargo goes through
 * markdownTableCellText or markdownText, so none of it can end a cell, make a link or reach HTML.
 */
export function failuresAsMarkdown(report: FailureReport): string {
  const batch = markdownLineText(report.batchUuid, 100);
  const summary = `**${formatCountInFull(report.failedRuns)}** of ${pluralInFull(report.totalRuns, 'run')} failed (${formatShare(share(report.failedRuns, report.totalRuns))})${
    report.loadedFailedRuns < report.failedRuns ? `; ${formatCountInFull(report.loadedFailedRuns)} of them loaded` : ''
  }${report.partial ? ' — partial: loading was stopped' : ''}.`;
  const lines = [`## Failures of batch ${batch}`, '', summary, ''];
  if (report.groups.length > 0) {
    lines.push('| Runs | Share | Node | Cause | Credits | Newest example |', '| ---: | ---: | --- | --- | ---: | --- |');
    for (const group of report.groups) {
      const example = group.examples[0];
      const cells = [
        formatCountInFull(group.count),
        formatShare(group.share),
        markdownTableCellText(groupNodeLabel(group), 80),
        group.cause ? markdownTableCellText(group.cause, 300) : '_no message_',
        formatCountInFull(group.creditsSpent),
        example ? markdownTableCellText(`${example.recordTitle || example.recordId}: ${firstLine(example.message, 200)}`, 260) : '',
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  for (const note of report.notes) lines.push(`_${markdownText(note, 300)}_`, '');
  if (report.nodeHealth && report.nodeHealth.length > 0) {
    lines.push(
      '### Node health',
      '',
      '| Node | Succeeded | Failed | Skipped | Cancelled | Pending | Credits |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const node of report.nodeHealth) {
      const counts = [node.succeeded, node.failed, node.skipped, node.cancelled, node.pending, node.credits].map(formatCountInFull);
      lines.push(`| ${markdownTableCellText(nodeHealthLabel(node), 80)} | ${counts.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** What node health calls a node nothing names: its id is no name (the hover gives the short id). */
export const UNKNOWN_NODE = 'Unknown node';

/** A node of node health: "Name (slug)", the slug alone, or UNKNOWN_NODE when neither the release nor the runs name it. */
export function nodeHealthLabel(node: Pick<NodeHealth, 'nodeSlug' | 'nodeName'>): string {
  if (node.nodeSlug && firstVisible(node.nodeSlug)) return groupNodeLabel({ nodeSlug: node.nodeSlug, nodeName: node.nodeName });
  return firstVisible(node.nodeName) ?? UNKNOWN_NODE;
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

interface Failed {
  run: Run;
  message: string;
}

function exampleOf({ run, message }: Failed, maxMessage: number): FailureExample {
  return {
    runUuid: run.uuid,
    recordId: run.recordId,
    recordTitle: run.recordTitle,
    createdAt: run.createdAt,
    message: message.length > maxMessage ? `${sliceWhole(message, maxMessage - 1)}…` : message,
  };
}

/** Newest first by createdAt (unparseable last), then by uuid, so the order never depends on the input's. */
function newestFirst({ run: a }: Failed, { run: b }: Failed): number {
  const time = (parseTime(b.createdAt) ?? -Infinity) - (parseTime(a.createdAt) ?? -Infinity);
  return time !== 0 && !Number.isNaN(time) ? time : compareText(a.uuid, b.uuid);
}

/** Alphabetical, ignoring case, then by code unit so that the order is total. */
function compareText(a: string, b: string): number {
  const folded = a.localeCompare(b, 'en', { sensitivity: 'base' });
  return folded !== 0 ? folded : a < b ? -1 : a > b ? 1 : 0;
}

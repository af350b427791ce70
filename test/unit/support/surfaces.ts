// Every surface that shows run data, as a table: a row builds what the surface shows from a World with
// the product's own presentation code, and says which sink each part goes to. A new surface (or a new
// part of one) is a row here; hostileSurfaces.test.ts and cargoShapes.test.ts check every row.
import assert from 'node:assert/strict';
import type { ExplorerNode } from '../../../src/explorer/explorerNodes';
import { describeFilter } from '../../../src/explorer/explorerFilter';
import { present } from '../../../src/explorer/presentation';
import { presentFinish, presentGoing, presentLaunchFinish, presentRunPick } from '../../../src/startedRuns/presentation';
import type { StartedRun } from '../../../src/runs/startedRuns';
import { confirmManyText, lensTitles, releaseRows, workflowRows } from '../../../src/runFile/presentation';
import { errorDocumentText, failureHoverMarkdown } from '../../../src/errorInspection/presentation';
import { nodeValuesAt } from '../../../src/errorInspection/failureSpot';
import { failureSummary, runFailure as failureOf } from '../../../src/runs/runFailure';
import { lookUpFailedText } from '../../../src/runs/openCargo';
import { linkRefusedText, readVsCodeLink } from '../../../src/runs/vscodeLinks';
import { batchPickRows } from '../../../src/failures/batchPicks';
import { failuresAsMarkdown, groupFailures } from '../../../src/failures/failureGroups';
import { nodeHealthOf, type FailureReport } from '../../../src/failures/failureReport';
import { failuresChildren, failuresRoots, presentFailuresNode, type FailuresNode } from '../../../src/failures/failuresPresentation';
import { initialPanelTitle, panelTitle, panelTitles } from '../../../src/runPanel/panelTitles';
import { runHeaderView, toRunView } from '../../../src/runPanel/runView';
import { prettyJson } from '../../../src/core/prettyJson';
import { parseToWebview, type RunView } from '../../../src/shared/protocol';
import { webviewText } from '../../../src/shared/text';
import { CargoApiError } from '../../../src/api/errors';
import { nodeStartWords, retryConfirmation, retryNodeItems, retryRefusalText } from '../../../src/runs/retryRequests';
import { retryEnd } from '../../../src/runs/retryFollowing';
import { comparisonText } from '../../../src/runs/comparisonText';
import { comparisonTitle, noSuccessText, runPickRows } from '../../../src/compare/presentation';
import { Comparisons } from '../../../src/runs/comparisons';
import { comparisonNote } from '../../../src/runPanel/comparisonNote';
import { originIn } from '../../../src/runPanel/runOrigin';
import { executionOfSpan, TraceLineage } from '../../../src/runs/traceLineage';
import type { Shown, Sink } from './sinks';
import { EXPRESSION_SURFACES } from './expressionSurfaces';
import { NOW, type World } from './world';

export interface Surface {
  readonly name: string;
  /** What the surface shows of the world, part by part: the product's code, timed. */
  readonly build: (world: World) => Shown[];
  /** Checks of the surface's own (not timed), e.g. that the webview accepts the view it is sent. */
  readonly verify?: (world: World) => void;
}

const shown = (sink: Sink, part: string, text: string | undefined): Shown[] => (text === undefined ? [] : [{ sink, part, text }]);

/** A tree item: label and description are plain text, the tooltip Markdown. */
function treeItem(name: string, item: { label: string; description?: string; tooltip?: string }): Shown[] {
  return [
    ...shown('tree', `${name} label`, item.label),
    ...shown('tree', `${name} description`, item.description),
    ...shown('markdown', `${name} tooltip`, item.tooltip),
  ];
}

function explorerNodes(world: World): ExplorerNode[] {
  const workflow = { kind: 'workflow', id: 'workflow:w', parent: undefined, workflowUuid: world.workflow.uuid, name: world.name } as ExplorerNode;
  const batch: ExplorerNode = { kind: 'batch', id: 'batch:b', parent: undefined, batch: world.batch, runs: undefined as never };
  const run: ExplorerNode = { kind: 'run', id: 'run:r', parent: batch, run: world.run };
  const names = new Map((world.run.nodes ?? []).map((node) => [node.uuid, node.name ?? undefined]));
  const executions = world.run.executions.map((execution, index): ExplorerNode => ({
    kind: 'execution',
    id: `execution:${index}`,
    parent: run,
    execution,
    index,
    nodeName: names.get(execution.nodeUuid),
  }));
  const error: ExplorerNode = { kind: 'error', id: 'error:b', parent: undefined, error: world.error };
  return [workflow, batch, run, ...executions, error];
}

/** The world's run as a child run: its spans under the execution of a parent run that started it (the Runs view's child rows). */
function childExecutionNodes(world: World): ExplorerNode[] {
  const [first] = explorerNodes(world).filter((node) => node.kind === 'execution');
  if (first?.kind !== 'execution') return [];
  const starter: ExplorerNode = { ...first, execution: { ...first.execution, nodeRunUuid: world.run.uuid } };
  return [
    starter,
    ...world.spans.map((span): ExplorerNode => ({
      kind: 'childExecution',
      id: `child:${span.executionIndex}`,
      parent: starter,
      runUuid: span.runUuid,
      execution: executionOfSpan(span),
      index: span.executionIndex,
      nodeName: undefined,
    })),
  ];
}

/** "Started by …" of a run the world's run started at its first execution: the world's record and node slug. */
function runOriginOf(world: World) {
  // Uuids of the test's own: an empty hostile uuid would name no run.
  const spans = world.spans.map((span, i) => ({ ...span, runUuid: 'parent-run', ...(i === 0 ? { nodeRunUuid: 'child-run' } : {}) }));
  const child = { uuid: 'child-run', parentUuid: 'parent-run', parentNodeUuid: spans[0]?.nodeUuid ?? null, createdAt: world.run.createdAt };
  const origin = originIn(new TraceLineage(spans), child, 'parent-run');
  assert.ok(origin, 'the lineage names the run and node that started the child run');
  return origin.view;
}

function startedRun(world: World): StartedRun {
  return { entry: { uuid: world.run.uuid, workflowUuid: world.run.workflowUuid, createdAt: world.run.createdAt, source: world.name }, run: world.run };
}

function failureReport(world: World): FailureReport {
  const runs = [world.run, { ...world.run, uuid: `${world.run.uuid}-2`, errorMessage: world.error.message }];
  return {
    batchUuid: world.batch.uuid,
    totalRuns: world.batch.runsCount,
    failedRuns: world.batch.failedRunsCount,
    loadedFailedRuns: runs.length,
    groups: groupFailures(runs, { totalRuns: world.batch.runsCount }),
    nodeHealth: nodeHealthOf(world.metrics, runs),
    partial: true,
    requests: 3,
    notes: [`Node health is not shown: ${world.error.message}`],
  };
}

function failuresRows(report: FailureReport, title: string): FailuresNode[] {
  const rows: FailuresNode[] = [];
  const visit = (nodes: FailuresNode[]) => {
    for (const node of nodes) {
      rows.push(node);
      visit(failuresChildren(node));
    }
  };
  visit(failuresRoots(report, title, 'count'));
  return rows;
}

const HOVER_COMMANDS = [
  { title: 'Show Error', tooltip: 'Show the whole error', command: 'cargo.showError', args: ['run', 0] },
  { title: 'Open Run', tooltip: 'Open the run', command: 'cargo.openRunByUuid', args: ['run'] },
];

/** Checks the run panel's message as the webview will (protocol.ts): a view it would refuse is a blank panel. */
function checkedRunView(view: RunView): RunView {
  const message = parseToWebview(JSON.parse(JSON.stringify({ type: 'runLoaded', run: view })));
  if (message?.type !== 'runLoaded') throw new Error('The webview refuses the run view (parseToWebview)');
  return view;
}

export const SURFACES: readonly Surface[] = [
  {
    name: 'Runs explorer: workflow, batch, run, execution and error rows',
    build: (world) => explorerNodes(world).flatMap((node) => treeItem(node.kind, present(node, NOW))),
  },
  {
    name: "Runs explorer: a child run's execution rows (from its trace's spans) under the execution that started it",
    build: (world) => childExecutionNodes(world).flatMap((node) => treeItem(node.kind, present(node, NOW))),
  },
  {
    name: "Runs view's description: filtered to a workflow and a batch opened from a link",
    build: (world) =>
      shown(
        'tree',
        'description',
        describeFilter({ runStatuses: [], workflow: { uuid: world.workflow.uuid, name: world.name }, batch: { uuid: world.batch.uuid } }),
      ),
  },
  {
    name: 'Notification: Open… could not look up a uuid (Cargo’s error), or refused a link that names a host',
    build: (world) => {
      const cargo = { webAppBaseUrl: 'https://app.getcargo.io', apiBaseUrl: 'https://api.getcargo.io/v1' };
      const link = (authority: string, query = '') =>
        readVsCodeLink({ authority, path: query ? '/open' : `/run/${world.run.uuid}`, query }, 'cargo-runs.cargo-runs', cargo);
      const refusals = [link(world.name), link('cargo-runs.cargo-runs', new URLSearchParams({ link: `https://${world.name}/runs/x` }).toString())];
      return [
        ...shown('notification', 'lookup failed', lookUpFailedText(world.batch.uuid, world.error)),
        ...refusals.flatMap((refusal, index) =>
          shown('notification', `link refused ${index}`, refusal.problem === undefined ? undefined : linkRefusedText(refusal.problem)),
        ),
      ];
    },
  },
  {
    name: 'Status bar: runs started from VS Code',
    build: (world) => {
      const going = presentGoing([startedRun(world), startedRun(world)]);
      // The tooltip is a plain string: shown as text, nothing in it rendered (an escape would show).
      return going ? [...shown('icons', 'text', going.text), ...going.tooltip.split('\n').flatMap((line) => shown('plain', 'tooltip line', line))] : [];
    },
  },
  {
    name: 'Quick pick: runs started from VS Code',
    build: (world) => {
      const pick = presentRunPick(startedRun(world), NOW);
      return [...shown('icons', 'label', pick.label), ...shown('icons', 'description', pick.description), ...shown('icons', 'detail', pick.detail)];
    },
  },
  {
    name: 'Notification: a run started from VS Code ended',
    build: (world) => [
      ...shown('notification', 'finish', presentFinish(world.run, world.name).message),
      ...shown('notification', 'finish without node names', presentFinish({ ...world.run, nodes: undefined }, world.name).message),
      ...shown('notification', 'launch finished', presentLaunchFinish([startedRun(world), startedRun(world)], world.name).message),
    ],
  },
  {
    name: 'Quick pick: workflows and releases to run a file with',
    build: (world) => [
      ...workflowRows([world.workflow], new Map([[world.workflow.uuid, world.name]]), world.workflow.uuid).flatMap((row) => [
        ...shown('icons', 'workflow label', row.label),
        ...shown('icons', 'workflow description', row.description),
        ...shown('icons', 'workflow detail', row.detail),
      ]),
      ...releaseRows(world.releases, NOW).flatMap((row) => [
        ...shown('icons', 'release label', row.label),
        ...shown('icons', 'release description', row.description),
        ...shown('icons', 'release detail', row.detail),
      ]),
    ],
  },
  {
    name: 'CodeLens titles over a run file',
    build: (world) => {
      const titles = lensTitles(world.name, world.workflow.uuid, world.run, NOW);
      return [...shown('icons', 'run', titles.run), ...shown('icons', 'workflow', titles.workflow), ...shown('icons', 'last run', titles.lastRun)];
    },
  },
  {
    name: 'Dialog: start one run per item',
    build: (world) => {
      const text = confirmManyText(100_000, world.name);
      return [
        ...shown('notification', 'message', text.message),
        ...shown('notification', 'detail', text.detail),
        ...shown('notification', 'button', text.button),
      ];
    },
  },
  {
    name: 'Quick pick: the node a retry starts from',
    build: (world) =>
      retryNodeItems(world.releases.flatMap((release) => release.nodes ?? [])).flatMap((item, i) => [
        ...shown('icons', `node ${i} label`, item.label),
        ...shown('icons', `node ${i} description`, item.description),
      ]),
  },
  {
    name: 'Dialog: retry failed runs from a node',
    build: (world) =>
      world.releases
        .flatMap((release) => release.nodes ?? [])
        .flatMap((node, i) => {
          const text = retryConfirmation(250, nodeStartWords(node), 3);
          return [...shown('notification', `node ${i} message`, text.text), ...shown('notification', `node ${i} detail`, text.detail)];
        }),
  },
  {
    name: 'Notification: Cargo refused a retry, or a retry ended',
    build: (world) => {
      const refused = (reason: string) =>
        retryRefusalText({
          kind: 'refused',
          reason,
          message: world.name,
          detail: world.name,
          signIn: false,
          error: new CargoApiError('POST /orchestration/batches', world.name, { status: 400, reason, serverMessage: world.name }),
        });
      return [
        ...shown('notification', 'no records', refused('dataError')),
        ...shown('notification', 'a reason this version does not know', refused(world.name)),
        ...shown('notification', 'end', retryEnd(world.batch).text),
      ];
    },
  },
  {
    name: 'Problems: the failure of a run started from a file',
    build: (world) => {
      const failure = failureOf(world.run);
      return failure ? shown('problem', 'message', failureSummary(failure)) : [];
    },
  },
  {
    name: 'Hover over that problem',
    build: (world) => {
      const failure = failureOf(world.run);
      if (!failure) return [];
      return shown('markdown', 'hover', failureHoverMarkdown(failure, nodeValuesAt(world.details, Math.max(0, failure.index)), HOVER_COMMANDS));
    },
  },
  {
    name: 'Show Error document',
    build: (world) => {
      const failure = failureOf(world.run);
      const index = Math.max(0, failure?.index ?? 0);
      const execution = world.run.executions[index];
      return shown(
        'document',
        'document',
        errorDocumentText({
          runUuid: world.run.uuid,
          nodeSlug: execution?.nodeSlug ?? world.name,
          nodeName: failure?.nodeName,
          message: failure?.message ?? world.error.message,
          ...nodeValuesAt(world.details, index),
        }),
      );
    },
  },
  {
    name: 'Failures view: summary, groups, examples, notes and node health',
    build: (world) => {
      const report = failureReport(world);
      return failuresRows(report, `Batch ${world.name}`).flatMap((node) => treeItem(node.kind, presentFailuresNode(node)));
    },
  },
  { name: 'Failures as a Markdown table (Copy as Markdown)', build: (world) => shown('markdown', 'report', failuresAsMarkdown(failureReport(world))) },
  {
    name: 'Quick pick: the batch to Show Failures of',
    build: (world) => {
      const rows = batchPickRows(
        [world.batch, { ...world.batch, uuid: `${world.batch.uuid}-2`, failedRunsCount: 0 }],
        new Map([[world.batch.workflowUuid, world.name]]),
        NOW,
      );
      // A row's state icon comes from the batch's status (the Runs view's rule), so it differs from the
      // benign world's by design; what follows it must carry no icon.
      const stateIcon = /^\$\((?:loading~spin|clock|pass|error|warning|circle-slash|debug-step-over|question)\) /;
      return [...rows.withFailures, ...rows.withoutFailures].flatMap((row) => {
        assert.match(row.label, stateIcon);
        return [...shown('icons', 'label after its state icon', row.label.replace(stateIcon, '')), ...shown('icons', 'detail', row.detail)];
      });
    },
  },
  {
    name: 'Run panel: tab title',
    build: (world) => [
      ...shown('tree', 'title', panelTitle(world.run.recordTitle, world.run.status.raw, world.run.uuid)),
      ...shown('tree', 'title before loading', initialPanelTitle(world.run.uuid, world.run)),
      ...panelTitles(
        [world.run, { ...world.run, uuid: `${world.run.uuid}-2` }].map((run) => ({
          runUuid: run.uuid,
          recordTitle: run.recordTitle,
          status: run.status.raw,
          createdAt: run.createdAt,
        })),
        NOW,
      ).flatMap((title) => shown('tree', 'title beside a panel of the same record', title)),
    ],
  },
  {
    name: 'Run panel: the view the webview is sent',
    // Sent as data and rendered as text nodes (webviewDom.test.ts renders it): anything goes in its strings.
    build: (world) => {
      const view = toRunView(world.details, { workflowName: world.name, spans: world.spans }, NOW);
      return [view.recordTitle, view.errorMessage ?? '', ...view.executions.map((execution) => execution.errorMessage ?? '')].flatMap((text) =>
        shown('document', 'view', text),
      );
    },
    verify: (world) => void checkedRunView(toRunView(world.details, { workflowName: world.name, spans: world.spans }, NOW)),
  },
  {
    name: 'Run panel: the text the webview shows (title, header fields, errors, node names)',
    // What the webview's DOM helpers (src/webview/dom.ts) put in text nodes and tooltips: each text through webviewText.
    build: (world) => {
      const view = runHeaderView(world.run, { workflowName: world.name, spans: world.spans }, NOW);
      const texts: [string, string | null][] = [
        ['title', view.recordTitle],
        ['workflow', view.workflowName],
        ['record id', view.recordId],
        ['status', view.status],
        ['error', view.errorMessage],
        ...view.executions.flatMap((execution): [string, string | null][] => [
          ['node name', execution.nodeName],
          ['node slug', execution.nodeSlug],
          ['execution title', execution.title],
          ['execution error', execution.errorMessage],
        ]),
        ...Object.keys(world.details.runContext).map((slug): [string, string] => ['context node', slug]),
      ];
      return texts.flatMap(([part, text]) => (text === null ? [] : shown('webview', part, webviewText(text))));
    },
  },
  {
    name: 'Compare with Last Success: the diff editor’s title and its two documents',
    build: (world) => {
      const success = {
        ...world.details,
        run: { ...world.run, uuid: `${world.run.uuid}-2`, status: { known: 'success', raw: 'success' } },
      } as typeof world.details;
      const text = comparisonText(success, world.details);
      return [
        ...shown('tree', 'title', comparisonTitle(success.run, world.run, NOW)),
        ...shown('jsonLines', 'left document', text.left),
        ...shown('jsonLines', 'right document', text.right),
      ];
    },
  },
  {
    name: 'Run panel: the comparison its run is in (the other run’s record, the first node that differs)',
    build: (world) => {
      // The baseline's first execution in another status: the note names that node (its hostile name).
      const executions = world.run.executions.map((execution, i) => (i === 0 ? { ...execution, status: { known: 'success', raw: 'success' } } : execution));
      const success = {
        ...world.details,
        run: { ...world.run, uuid: `${world.run.uuid}-2`, status: { known: 'success', raw: 'success' }, executions },
      } as typeof world.details;
      const comparisons = new Comparisons();
      const notes = [
        comparisons.made({ baseline: success, run: world.details }, true),
        comparisons.made({ baseline: world.details, run: success }, false),
      ].flatMap((comparison) => [comparisonNote(comparison, world.run.uuid), comparisonNote(comparison, success.run.uuid)]);
      return notes.flatMap((note, i) => shown('webview', `note ${i}`, webviewText(note.text)));
    },
    verify: (world) => {
      const comparison = new Comparisons().made({ baseline: world.details, run: world.details }, true);
      const note = comparisonNote(comparison, world.run.uuid);
      assert.deepEqual(parseToWebview({ type: 'comparison', note }), { type: 'comparison', note });
    },
  },
  {
    name: 'Run panel: the run and node that started a child run ("Started by …")',
    // The webview puts each in a text node (src/webview/runOrigin.ts, runOrigin.test.ts renders it).
    build: (world) => {
      const origin = runOriginOf(world);
      return [...shown('webview', 'record', webviewText(origin.recordTitle ?? '')), ...shown('webview', 'node', webviewText(origin.node ?? ''))];
    },
    verify: (world) => {
      const origin = runOriginOf(world);
      assert.deepEqual(parseToWebview({ type: 'runOrigin', origin }), { type: 'runOrigin', origin });
    },
  },
  {
    name: 'Compare with…: the runs to pick from; nothing to compare with',
    build: (world) => [
      ...runPickRows([world.run], NOW).flatMap((row) => [
        ...shown('icons', 'label', row.label),
        ...shown('icons', 'description', row.description),
        ...shown('icons', 'detail', row.detail),
      ]),
      ...shown('notification', 'no success', noSuccessText(world.run)),
    ],
  },
  {
    name: 'Run document (Open as JSON)',
    build: (world) => shown('document', 'document', prettyJson(world.detailsText)),
  },
  ...EXPRESSION_SURFACES,
];

// The Expressions of a run panel, free of VS Code: the run's nodes' configs (its own, or its release's:
// asked once per panel, after the run itself has arrived, and shared through the release cache) paired
// with the run's computed configs as each live update brings them, as the view the webview shows.
import type { CargoNode, Run } from '../api';
import { noteFailure, type ClientSource } from '../core/clientSource';
import { referenceText } from '../runs/expressions';
import { nodesSourceOf, runExpressions, runNodes, type FieldExpression, type RunExpressions } from '../runs/nodeExpressions';
import type { ReleaseNodesSource } from '../runs/releaseNodes';
import { jsonPath } from '../shared/jsonPath';
import { jsonText } from '../shared/jsonText';
import type { ExpressionsView, ToWebview } from '../shared/protocol';
import type { LoadedRun } from '../runs/followedRun';
import { errorText, firstVisible } from '../shared/text';

/** How much of a produced value the panel shows (its Computed configs section has all of it). */
export const VALUE_PREVIEW_LENGTH = 500;

/** What the panel shows, from what the run layer found. */
export function expressionsView(found: RunExpressions, finished: boolean): ExpressionsView {
  return {
    nodes: found.nodes.map((node) => ({
      slug: node.slug,
      // A node named and slugged with nothing visible is still one.
      label: firstVisible(node.label) ?? 'A node without a name',
      fields: node.fields.map(fieldView),
      branch: node.branch ? { number: node.branch.index + 1, count: node.branch.count, next: node.branch.next ?? null } : null,
    })),
    emptyCount: found.emptyCount,
    finished,
    problem: null,
  };
}

function fieldView(field: FieldExpression): ExpressionsView['nodes'][number]['fields'][number] {
  const absent = field.value === undefined;
  return {
    path: jsonPath(field.path),
    kind: field.kind,
    expression: field.expression,
    value: absent ? '' : preview(field.value),
    absent,
    empty: field.empty,
    reads: field.references.map(referenceText),
    unreadable: [...field.unreadable],
  };
}

/** The start of a value as JSON: a produced value may be megabytes. */
function preview(value: unknown): string {
  const text = jsonText(value, '', VALUE_PREVIEW_LENGTH + 1);
  return text.length > VALUE_PREVIEW_LENGTH ? `${text.slice(0, VALUE_PREVIEW_LENGTH)}…` : text;
}

/** One panel's expressions: the nodes asked for once (per release the run names), the view made again as the run changes. */
export class PanelExpressions {
  private nodes:
    { readonly source: string; state: { kind: 'loading' } | { kind: 'loaded'; nodes: readonly CargoNode[] } | { kind: 'failed'; message: string } } | undefined;

  /** The view the webview has, as JSON: nothing is posted twice. */
  private posted: string | undefined;

  constructor(
    private readonly deps: { readonly clients: ClientSource; readonly releases?: ReleaseNodesSource | undefined },
    /** The release's nodes arrived (or could not be read): the view changed. */
    private readonly changed: () => void,
  ) {}

  /** The message that gives the webview the view of the run as now loaded, unless it has that view already. */
  unposted(loaded: LoadedRun | undefined): Extract<ToWebview, { type: 'expressions' }> | undefined {
    const view = this.view(loaded);
    const key = JSON.stringify(view);
    if (key === this.posted) return undefined;
    this.posted = key;
    return { type: 'expressions', view };
  }

  /** The webview was reloaded: it has nothing. */
  forgetPosted(): void {
    this.posted = undefined;
  }

  /** The view of the run as now loaded; null until its nodes are known. Starts asking for them the first time. */
  view(loaded: LoadedRun | undefined): ExpressionsView | null {
    if (!loaded) return null;
    const { run, runComputedConfigs } = loaded.details;
    const source = nodesSourceOf(run);
    if (source === undefined) return expressionsView(runExpressions(run, runComputedConfigs, run.nodes ?? []), loaded.finished);
    const releases = this.deps.releases;
    // Without the releases' cache (some tests' panels), only a run's own nodes are shown.
    if (!releases) return null;
    if (this.nodes?.source !== source) {
      this.nodes = { source, state: { kind: 'loading' } };
      void this.load(this.nodes, run, releases);
    }
    const state = this.nodes.state;
    if (state.kind === 'loading') return null;
    if (state.kind === 'failed') return { nodes: [], emptyCount: 0, finished: loaded.finished, problem: state.message };
    return expressionsView(runExpressions(run, runComputedConfigs, state.nodes), loaded.finished);
  }

  private async load(entry: NonNullable<PanelExpressions['nodes']>, run: Run, releases: ReleaseNodesSource): Promise<void> {
    const client = await this.deps.clients.current();
    if (client.kind !== 'ready') entry.state = { kind: 'failed', message: "The run's expressions need a connection to Cargo." };
    else {
      try {
        entry.state = { kind: 'loaded', nodes: await runNodes(run, client.client, releases) };
      } catch (error) {
        noteFailure(this.deps.clients, error);
        entry.state = { kind: 'failed', message: `Could not read the expressions of the run's release: ${errorText(error, 300)}` };
      }
    }
    if (this.nodes === entry) this.changed();
  }
}

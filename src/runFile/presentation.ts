// How starting a run from a file reads: quick-pick rows for workflows and releases, the CodeLens
// titles, confirmations and messages. Pure; names and run data pass through their sink's function.
import { isFinishedRunStatus, type Release, type Run, type Workflow } from '../api';
import { formatRelativeTime, plural } from '../shared/format';
import { codeLensText, firstVisible, notificationText, quickPickText } from '../shared/text';

export interface PickRow<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
}

/** Tools' workflows only (Cargo refuses runs of plays), by name; deleted ones left out. */
export function workflowRows(workflows: readonly Workflow[], names: ReadonlyMap<string, string>, current?: string): PickRow<Workflow>[] {
  return workflows
    .filter((workflow) => !workflow.deletedAt && !workflow.playUuid && !!workflow.toolUuid)
    .map((workflow) => {
      const name = firstVisible(names.get(workflow.uuid)) ?? `Workflow ${workflow.uuid.slice(0, 8)}`;
      const version = workflow.deployedRelease?.version;
      return {
        label: quickPickText(name, 100),
        description: quickPickText([version ? `v${version}` : undefined, workflow.uuid === current ? 'current' : undefined].filter(Boolean).join(' · '), 60),
        detail: quickPickText(workflow.uuid, 60),
        value: workflow,
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The deployed release first (the default), then the draft, then earlier ones, newest first. */
export function releaseRows(releases: readonly Release[], now = Date.now()): PickRow<Release>[] {
  const rank = (release: Release) => (release.status.known === 'deployed' ? 0 : release.status.known === 'draft' ? 1 : 2);
  return [...releases]
    .filter((release) => !release.deletedAt)
    .sort((a, b) => rank(a) - rank(b) || Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .map((release) => {
      const version = release.version ? `v${release.version}` : undefined;
      const label =
        release.status.known === 'deployed'
          ? `Deployed release${version ? ` (${version})` : ''}`
          : release.status.known === 'draft'
            ? 'Draft: unpublished changes'
            : `${version ?? `Release ${release.uuid.slice(0, 8)}`} (${release.status.raw})`;
      const when = release.deployedAt ? `deployed ${formatRelativeTime(release.deployedAt, now)}` : `created ${formatRelativeTime(release.createdAt, now)}`;
      return {
        label: quickPickText(label, 100),
        description: quickPickText(when, 60),
        detail: quickPickText(release.description ?? release.uuid, 200),
        value: release,
      };
    });
}

/** The CodeLens row over a file that can be run. */
export interface LensTitles {
  readonly run: string;
  readonly workflow: string;
  readonly lastRun: string | undefined;
}

export function lensTitles(workflowName: string | undefined, workflowUuid: string | undefined, lastRun: Run | undefined, now = Date.now()): LensTitles {
  const workflow = workflowUuid ? `workflow ${codeLensText(workflowName ?? workflowUuid.slice(0, 8), 60)}` : 'Choose workflow…';
  let last: string | undefined;
  if (lastRun) {
    const finished = isFinishedRunStatus(lastRun.status);
    last = `last run: ${codeLensText(lastRun.status.raw, 20)}, ${formatRelativeTime(finished ? (lastRun.finishedAt ?? lastRun.createdAt) : lastRun.createdAt, now)}`;
  }
  return { run: '$(play) Run in Cargo', workflow, lastRun: last };
}

export function confirmManyText(count: number, workflowName: string): { message: string; detail: string; button: string } {
  return {
    message: `Start ${plural(count, 'run')} of "${notificationText(workflowName, 80)}", one per item?`,
    detail: `Each item of the array becomes the data of one run. The runs are started one at a time and each is sent once; this creates ${plural(count, 'run')} in Cargo and may use credits.`,
    button: `Start ${plural(count, 'Run')}`,
  };
}

// The titles of the run panels' tabs: the record and the status ("Acme Corp · error"), plain text,
// cut. Panels of two runs of the same record are told apart by when each run started ("Acme Corp ·
// 2:05:31 PM · error"), and by the run's short id when that is the same too: a re-run has the record
// and the workflow of the run before it, so its start is what differs. A title says it only while
// another open panel needs it, as VS Code names a file's folder only beside a file of the same name.
import { enumText, type Run } from '../api';
import { parseTime } from '../shared/format';
import { firstVisible, treeItemText } from '../shared/text';

/** What a panel's title is made of: its run, as far as it is known. */
export interface TitleFacts {
  readonly runUuid: string;
  readonly recordTitle?: string;
  readonly status?: string;
  /** ISO time the run was created. */
  readonly createdAt?: string;
}

/** The title's facts of a run as a list has it (a row of the tree). */
export function titleFactsOf(run: Run): TitleFacts {
  return { runUuid: run.uuid, recordTitle: run.recordTitle, status: enumText(run.status), createdAt: run.createdAt };
}

/** "Acme Corp · error": the record and the status; `distinction` between them tells it from a panel of the same record. */
export function panelTitle(recordTitle: string | undefined, status: string | undefined, runUuid: string, distinction?: string): string {
  const parts = [recordName(recordTitle, runUuid), ...(distinction ? [treeItemText(distinction, 40)] : []), ...(status ? [treeItemText(status, 20)] : [])];
  return parts.join(' · ');
}

/** The title a panel has before its run has loaded (known: the run as listed in the tree). */
export function initialPanelTitle(runUuid: string, known?: Run): string {
  return panelTitle(known?.recordTitle, known ? enumText(known.status) : undefined, runUuid);
}

/** The titles of the panels open together, in their order: panelTitle's, told apart where two name the same record. */
export function panelTitles(panels: readonly TitleFacts[], now: number = Date.now()): string[] {
  const names = panels.map((panel) => recordName(panel.recordTitle, panel.runUuid));
  const starts = panels.map((panel) => startText(panel.createdAt, now));
  return panels.map((panel, i) => {
    const alike = names.flatMap((name, j) => (j !== i && name === names[i] ? [j] : []));
    const start = starts[i] ?? '';
    const distinction =
      alike.length === 0 ? '' : alike.some((j) => starts[j] === start) ? [start, `run ${panel.runUuid.slice(0, 8)}`].filter(Boolean).join(' ') : start;
    return panelTitle(panel.recordTitle, panel.status, panel.runUuid, distinction);
  });
}

function recordName(recordTitle: string | undefined, runUuid: string): string {
  return treeItemText(firstVisible(recordTitle) ?? `Run ${runUuid.slice(0, 8)}`, 60);
}

/** When a run started, as a title says it: the time of day, with the day when that was not today. */
function startText(iso: string | undefined, now: number): string {
  const time = parseTime(iso);
  if (time === undefined) return '';
  const date = new Date(time);
  return date.toDateString() === new Date(now).toDateString()
    ? date.toLocaleTimeString()
    : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

// The run panel's list of executions. A run of 1,000 executions is drawn 100 rows per task, so that
// opening its panel never holds the webview long; a live update draws again only the rows whose
// execution changed (a running run changes its last few), and the others keep their elements, their
// focus and their layout. Focusable elements carry a key of ours (never run data). Run data goes in
// as text only; long texts are clamped, whole on hover.
import { formatCountInFull, plural } from '../shared/format';
import type { ExecutionView, RunView } from '../shared/protocol';
import { button, el, localDateTime, localTimeOfDay, titled } from './dom';
import { longTextBlock, spinner, statusBadge } from './runHeader';
import { countDuration } from './ticking';

export interface ExecutionListActions {
  /** Opens the context and config of a node. */
  jumpTo(slug: string): void;
}

export interface ExecutionList {
  readonly element: HTMLElement;
  show(run: RunView): void;
  /** The button of the execution at `index`, drawn now if its turn had not come yet. */
  jumpOf(index: number): HTMLElement | undefined;
}

/** Rows drawn in one task; the rest follow in later tasks. */
const ROWS_PER_TASK = 100;

interface Row {
  /** What the row was drawn from: the same key, the same row. */
  readonly key: string;
  readonly element: HTMLElement;
  /** The button that opens the node's values. */
  readonly jump: HTMLElement;
}

export function createExecutionList(actions: ExecutionListActions): ExecutionList {
  const heading = el('h2', { text: 'Executions' });
  const empty = el('p', { className: 'muted', text: 'No node has run yet.' });
  const list = el('ol', { className: 'execution-list' });
  const element = el('section', { className: 'executions' }, heading, empty, list);
  /** The list's rows, in order: a row for each of its children. */
  const rows: Row[] = [];
  let shown: RunView | undefined;
  /** Rows drawn from `shown` so far; the ones past it are still those of an earlier run view. */
  let drawn = 0;
  let drawing = 0;

  function show(run: RunView): void {
    shown = run;
    drawn = 0;
    const count = run.executions.length;
    heading.textContent = `Executions (${formatCountInFull(count)})`;
    empty.hidden = count > 0;
    list.hidden = count === 0;
    delete list.dataset.drawn;
    const draw = ++drawing;
    const drawNext = () => {
      if (draw !== drawing) return;
      drawUpTo(drawn + ROWS_PER_TASK);
      if (drawn < count) setTimeout(drawNext, 0);
    };
    drawNext();
  }

  function drawUpTo(end: number): void {
    if (!shown) return;
    const { executions, createdAt, finished } = shown;
    const day = new Date(createdAt).toDateString();
    const to = Math.min(end, executions.length);
    for (let index = drawn; index < to; index++) {
      const execution = executions[index] as ExecutionView;
      const key = JSON.stringify([execution, finished, day]);
      const row = rows[index];
      if (row?.key === key) continue;
      const next = { key, ...renderExecution(execution, index, day, finished, actions) };
      if (row) row.element.replaceWith(next.element);
      else list.append(next.element);
      rows[index] = next;
    }
    drawn = Math.max(drawn, to);
    if (drawn === executions.length) {
      for (const stale of rows.splice(drawn)) stale.element.remove();
      list.dataset.drawn = String(drawn);
    }
  }

  function jumpOf(index: number): HTMLElement | undefined {
    if (index >= drawn) drawUpTo(index + 1);
    return rows[index]?.jump;
  }

  return { element, show, jumpOf };
}

/** The time of day alone when it falls on `day` (the run's day), else date and time. */
function clockTime(iso: string, day: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return time.toDateString() === day ? localTimeOfDay(time.getTime()) : localDateTime(time.getTime());
}

function renderExecution(
  execution: ExecutionView,
  index: number,
  day: string,
  finished: boolean,
  actions: ExecutionListActions,
): { element: HTMLElement; jump: HTMLElement } {
  const jump = button('', () => actions.jumpTo(execution.nodeSlug), 'execution-jump');
  titled(jump, `Show the context and config of ${execution.nodeSlug}`);
  jump.dataset.focusKey = `execution:${index}`;
  jump.append(
    el('span', { className: 'execution-name', text: execution.nodeName ?? execution.nodeSlug }),
    ...(execution.nodeName ? [el('span', { className: 'muted', text: ` (${execution.nodeSlug})` })] : []),
    ' ',
    ...(execution.running ? [spinner(), ' '] : []),
    statusBadge(execution.status, execution.failed),
  );
  const times = execution.startedAt ? `${clockTime(execution.startedAt, day)}${execution.finishedAt ? ` → ${clockTime(execution.finishedAt, day)}` : ''}` : '';
  const duration = el('span', { text: execution.duration });
  if (!finished && execution.startedAt && !execution.finishedAt) countDuration(duration, execution.startedAt);
  const rest = [execution.credits > 0 ? plural(execution.credits, 'credit') : '', times].filter(Boolean).join(' · ');
  const item = el('li', { className: execution.failed ? 'execution failed' : 'execution' }, jump);
  if (execution.failed) item.prepend(el('span', { className: 'failed-marker', text: 'Failed' }));
  if (execution.duration || rest) item.append(el('div', { className: 'muted' }, duration, execution.duration && rest ? ' · ' : '', rest));
  // Clamped to a few lines like the record's title (an execution's title can quote it); whole on hover.
  if (execution.title) item.append(el('div', { className: 'execution-title', text: execution.title, title: execution.title }));
  if (execution.errorMessage) item.append(longTextBlock(execution.errorMessage));
  return { element: item, jump };
}

// The run panel's Timeline: one bar per execution on a shared time axis, the executions of the runs a
// node started nested under it. Drawn with DOM and CSS (media/timeline.css): each bar's place is a
// number in a CSS custom property (--start, --end, in ms from the axis' origin) over the axis' length
// (--span), so a live run's running bars grow by one property of the list changing with the clock, and
// no message. The bars are a list of buttons, one in the Tab order (arrows, Home and End move): Enter
// or a click opens the node's values, or a child run's panel. Run data goes in as text only.
import { durationBetween, formatDuration, pluralInFull as plural } from '../shared/format';
import type { TimelineBar, TimelineView, ToExtension } from '../shared/protocol';
import { el, localDateTime, localTimeOfDay, titled } from './dom';

export interface TimelineActions {
  post(message: ToExtension): void;
  /** Brings one of the run's executions into view and opens its node's values. */
  reveal(index: number): void;
}

/** Bars drawn in one task; the rest follow in later tasks, so that a run of thousands never holds the webview long. */
const BARS_PER_TASK = 100;
/** How often a running bar grows. */
const TICK_MS = 500;
/** Deeper nesting is indented no further (the depth is still said). */
const MAX_INDENT = 8;

const STATUS_MARK: Record<string, string> = { success: '✓', error: '✕', running: '▶', pending: '…', cancelled: '⊘', skipped: '↷' };

export function createTimeline(actions: TimelineActions): { readonly element: HTMLElement; show(view: TimelineView): void } {
  const heading = el('h2', { text: 'Timeline' });
  heading.id = 'timeline-heading';
  const summary = el('p', { className: 'timeline-summary muted' });
  const note = el('p', { className: 'timeline-note muted' });
  const axis = el('div', { className: 'timeline-axis muted' });
  axis.setAttribute('aria-hidden', 'true');
  const list = el('ol', { className: 'timeline-bars' });
  list.setAttribute('aria-labelledby', 'timeline-heading');
  const element = el('section', { className: 'timeline' }, heading, summary, note, axis, list);
  element.hidden = true;
  let origin = 0;
  let span = 1;
  let running: { readonly bar: TimelineBar; readonly duration: HTMLElement; readonly item: HTMLElement }[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let drawing = 0;
  /** The bars' buttons drawn so far, in order. */
  let items: HTMLElement[] = [];

  list.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const at = items.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const target = items[to];
    if (target) focusItem(target);
  });

  function focusItem(target: HTMLElement): void {
    for (const item of items) item.tabIndex = item === target ? 0 : -1;
    target.focus();
    target.scrollIntoView({ block: 'nearest' });
  }

  /** The axis' length grows with the clock while a bar runs; every bar's width follows from it in CSS. */
  function tick(): void {
    const now = Date.now() - origin;
    const length = Math.max(span, now, 1);
    list.style.setProperty('--now', String(now));
    list.style.setProperty('--span', String(length));
    axis.lastElementChild!.textContent = formatDuration(length);
    for (const { bar, duration, item } of running) {
      const ms = durationBetween(new Date(bar.startedAt ?? origin).toISOString(), null);
      if (ms === undefined) continue;
      duration.textContent = formatDuration(ms);
      titled(item, details(bar, formatDuration(ms)));
    }
  }

  function show(view: TimelineView): void {
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && items.includes(active) ? active.dataset.focusKey : undefined;
    element.hidden = false;
    const { bars } = view;
    heading.textContent = `Timeline (${plural(bars.length, 'execution')})`;
    summary.textContent = summaryText(view);
    note.textContent = view.note ?? '';
    note.hidden = !view.note;
    const starts = bars.map((bar) => bar.startedAt).filter((start): start is number => start !== null);
    origin = starts.length > 0 ? Math.min(...starts) : Date.now();
    const ends = bars.map((bar) => bar.finishedAt ?? bar.startedAt).filter((end): end is number => end !== null);
    span = Math.max(1, ...ends.map((end) => end - origin));
    axis.replaceChildren(el('span', { text: localTimeOfDay(origin) }), el('span', { text: formatDuration(span) }));
    running = [];
    clearInterval(timer);
    timer = undefined;
    list.replaceChildren();
    items = [];
    list.style.setProperty('--span', String(span));
    list.style.setProperty('--now', String(span));
    const draw = ++drawing;
    const drawFrom = (from: number) => {
      if (draw !== drawing) return;
      const rows = bars.slice(from, from + BARS_PER_TASK).map((bar, offset) => row(bar, from + offset));
      list.append(...rows);
      if (from === 0 && items[0]) items[0].tabIndex = 0;
      const again = focused === undefined ? undefined : items.find((item) => item.dataset.focusKey === focused);
      if (again) focusItem(again);
      if (from + BARS_PER_TASK < bars.length) setTimeout(() => drawFrom(from + BARS_PER_TASK), 0);
      else list.dataset.drawn = String(bars.length);
    };
    delete list.dataset.drawn;
    drawFrom(0);
    if (bars.some((bar) => bar.running)) {
      tick();
      timer = setInterval(tick, TICK_MS);
    }
  }

  function row(bar: TimelineBar, index: number): HTMLElement {
    const name = bar.nodeName ?? bar.nodeSlug;
    const item = el('button', { className: 'timeline-item' });
    items.push(item);
    item.type = 'button';
    item.tabIndex = -1;
    item.dataset.focusKey = `bar:${index}`;
    item.style.setProperty('--depth', String(Math.min(bar.depth, MAX_INDENT)));
    const status = `status-${bar.status.replace(/[^a-z]/g, '')}`;
    const shape = el('span', { className: `timeline-bar ${status}${bar.failed ? ' failed' : ''}${bar.running ? ' running' : ''}` });
    if (bar.startedAt !== null) {
      shape.style.setProperty('--start', String(bar.startedAt - origin));
      if (!bar.running) shape.style.setProperty('--end', String((bar.finishedAt ?? bar.startedAt) - origin));
    } else shape.classList.add('unknown');
    const duration = el('span', { className: 'timeline-duration', text: bar.duration });
    const marks = [...(bar.slowest ? ['slowest'] : []), ...(bar.costliest ? ['most credits'] : [])];
    item.append(
      el('span', { className: 'timeline-label' }, ...(bar.depth > 0 ? [el('span', { className: 'timeline-nest', text: '↳ ' })] : []), name),
      el('span', { className: 'timeline-track' }, shape),
      el(
        'span',
        { className: 'timeline-facts' },
        el('span', { className: `timeline-status${bar.failed ? ' failed' : ''}`, text: `${statusMark(bar)} ${bar.status}` }),
        ' ',
        duration,
        ...(bar.credits > 0 ? [` · ${plural(bar.credits, 'credit')}`] : []),
        ...marks.map((mark) => el('span', { className: 'timeline-mark', text: mark })),
      ),
    );
    titled(item, details(bar, bar.duration));
    item.addEventListener('click', () => {
      if (bar.execution !== null) actions.reveal(bar.execution);
      else actions.post({ type: 'openChildRun', runUuid: bar.runUuid });
    });
    const listItem = el('li', { className: `timeline-row${bar.slowest ? ' slowest' : ''}${bar.costliest ? ' costliest' : ''}` }, item);
    if (bar.running) running.push({ bar, duration, item });
    return listItem;
  }

  return { element, show };
}

function statusMark(bar: TimelineBar): string {
  if (bar.failed) return '✕';
  if (bar.running) return '▶';
  return STATUS_MARK[bar.status] ?? '•';
}

function summaryText({ bars, totals }: TimelineView): string {
  const runs = new Set(bars.map((bar) => bar.runUuid)).size;
  const parts = [runs > 1 ? `${plural(runs, 'run')} (this one and ${plural(runs - 1, 'run')} it started)` : 'This run'];
  if (totals) parts.push(`trace: ${plural(totals.spans, 'span')}, ${plural(totals.credits, 'credit')}, ${totals.status}`);
  return parts.join(' · ');
}

/** What a bar's hover says. */
function details(bar: TimelineBar, duration: string): string {
  const lines = [bar.nodeName ? `${bar.nodeName} (${bar.nodeSlug})` : bar.nodeSlug, `Status: ${bar.status}`];
  if (bar.depth > 0) lines.push(`In a run started by the node above it (nesting ${bar.depth}): Enter opens that run`);
  if (bar.startedAt !== null) lines.push(`Started: ${localDateTime(bar.startedAt)}`);
  lines.push(bar.finishedAt !== null ? `Finished: ${localDateTime(bar.finishedAt)}` : bar.running ? 'Finished: not yet' : 'Finished: time unknown');
  if (duration) lines.push(`Duration: ${duration}`);
  lines.push(`Credits: ${bar.credits.toLocaleString('en-US')}`);
  if (bar.slowest) lines.push('The slowest execution');
  if (bar.costliest) lines.push('The execution that used the most credits');
  return lines.join('\n');
}

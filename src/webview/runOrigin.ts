// Under the run's header, for a run a tool or agent node started: "Started by <the parent run's
// record> · <the node>", a link back to that run's panel at that node's execution. Text only.
import type { RunOriginView, ToExtension } from '../shared/protocol';
import { firstVisible } from '../shared/text';
import { button, el } from './dom';

/** The line for `origin`, or undefined when no run started this one. */
export function renderRunOrigin(origin: RunOriginView | null, post: (message: ToExtension) => void): HTMLElement | undefined {
  if (!origin) return undefined;
  // A title with nothing visible would be a link with no text to click.
  const node = firstVisible(origin.node);
  const parent = [firstVisible(origin.recordTitle) ?? 'another run', ...(node ? [node] : [])].join(' · ');
  const back = button(parent, () => post({ type: 'openOrigin' }), 'link-button');
  back.title = node ? 'Open the run that started this one, at the node that started it' : 'Open the run that started this one';
  back.dataset.focusKey = 'openOrigin';
  return el('p', { className: 'run-origin' }, 'Started by ', back);
}

// Above a failed run that was retried in a newer batch: when, and a way to open the retried run. The
// batch's data is shown as text only; the button asks the extension, which finds the run.
import { formatRelativeTime } from '../shared/format';
import type { NewerRetryView, ToExtension } from '../shared/protocol';
import { button, el, titled } from './dom';

/** The notice's sentence: "Retried in a newer batch (3 min ago)." */
export function newerRetryText(retry: NewerRetryView, now: number = Date.now()): string {
  const ago = formatRelativeTime(retry.createdAt, now);
  return `Retried in a newer batch${ago ? ` (${ago})` : ''}.`;
}

/** The notice for `retry`, or undefined when no newer retry is known. */
export function renderNewerRetry(retry: NewerRetryView | null, post: (message: ToExtension) => void): HTMLElement | undefined {
  if (!retry) return undefined;
  const open = button('Open the Retry', () => post({ type: 'openRetry' }));
  titled(open, `Open this record's run in the retry batch ${retry.batchUuid}`);
  open.dataset.focusKey = 'openRetry';
  const notice = el(
    'div',
    { className: 'newer-retry' },
    el('p', { text: newerRetryText(retry), title: retry.createdAt }),
    el('div', { className: 'actions' }, open),
  );
  notice.setAttribute('role', 'status');
  return notice;
}

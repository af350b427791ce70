// Between the search and the Context and Computed configs sections: their download under way (how
// much of how much, with a progress bar), or why they could not be fetched, with Retry (and Sign In
// when that is the way out). The header and executions above stay as they are.
import { formatBytes } from '../shared/format';
import type { ToExtension, ValuesStatus } from '../shared/protocol';
import { el } from './dom';
import { retryActions } from './liveStatus';

/** The notice for `status`, or undefined when the sections show all there is. `shown`: the sections already show values (this is an update). */
export function renderValuesStatus(status: ValuesStatus | null, shown: boolean, post: (message: ToExtension) => void): HTMLElement | undefined {
  if (!status) return undefined;
  if (status.kind === 'loading') {
    const what = shown ? 'Updating the context and computed configs…' : 'Loading the context and computed configs…';
    const { receivedBytes: received, totalBytes: total } = status;
    const amount = total !== null && total > 0 ? ` ${formatBytes(received)} of ${formatBytes(total)}` : received > 0 ? ` ${formatBytes(received)}` : '';
    const bar = el('progress');
    bar.setAttribute('aria-label', 'Download of the context and computed configs');
    // Without a total the bar is indeterminate (it has no value).
    if (total !== null && total > 0) {
      bar.max = total;
      bar.value = Math.min(received, total);
    }
    const notice = el('div', { className: 'values-status loading' }, el('p', { text: `${what}${amount}` }), bar);
    notice.setAttribute('role', 'status');
    return notice;
  }
  const actions = retryActions(post, 'Retry', status.signIn, 'values');
  const notice = el('div', { className: 'values-status failed' }, el('p', { className: 'error', text: status.message }), actions);
  notice.setAttribute('role', 'alert');
  return notice;
}

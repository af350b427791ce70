// Above a run that is shown: why it may be out of date (the token was refused, updates keep
// failing), since when, and what helps.
import type { LiveStatus, ToExtension } from '../shared/protocol';
import { button, el, localTime } from './dom';

/** The notice for `status`, or undefined when the run shown is current. */
export function renderLiveStatus(status: LiveStatus | null, post: (message: ToExtension) => void): HTMLElement | undefined {
  if (!status) return undefined;
  const text =
    status.kind === 'stale'
      ? `Not updated since ${status.lastUpdatedAt ? localTime(status.lastUpdatedAt) : 'it was opened'}: ${status.message} Retrying automatically.`
      : `${status.message} Shown as of ${status.lastUpdatedAt ? localTime(status.lastUpdatedAt) : 'when it was opened'}.`;
  const retry = button(status.kind === 'stale' ? 'Retry Now' : 'Retry', () => post({ type: 'refresh' }), status.signIn ? 'toolbar-button' : 'action');
  retry.dataset.focusKey = 'live-retry';
  const actions = el('div', { className: 'actions' });
  if (status.signIn) {
    const signIn = button('Sign In', () => post({ type: 'signIn' }));
    signIn.dataset.focusKey = 'live-sign-in';
    actions.append(signIn);
  }
  actions.append(retry);
  const notice = el('div', { className: `live-status live-status-${status.kind}` }, el('p', { text }), actions);
  notice.setAttribute('role', 'status');
  return notice;
}

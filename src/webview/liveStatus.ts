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
  const actions = retryActions(post, status.kind === 'stale' ? 'Retry Now' : 'Retry', status.signIn, 'live');
  const notice = el('div', { className: `live-status live-status-${status.kind}` }, el('p', { text }), actions);
  notice.setAttribute('role', 'status');
  return notice;
}

/** Retry (fetch the run again), with Sign In first when that is the way out; focus keys `<key>-retry` and `<key>-sign-in`. */
export function retryActions(post: (message: ToExtension) => void, retryLabel: string, signIn: boolean, key: string): HTMLElement {
  const retry = button(retryLabel, () => post({ type: 'refresh' }), signIn ? 'toolbar-button' : 'action');
  retry.dataset.focusKey = `${key}-retry`;
  const actions = el('div', { className: 'actions' });
  if (signIn) {
    const signInButton = button('Sign In', () => post({ type: 'signIn' }));
    signInButton.dataset.focusKey = `${key}-sign-in`;
    actions.append(signInButton);
  }
  actions.append(retry);
  return actions;
}

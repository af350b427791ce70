// Whether someone can see a view or panel: it is visible and the window has the focus. Live updates
// run only then (the runs tree and every run panel gate their polling with this one helper).
import type { Disposable, Event } from './clientSource';

/** Something that can be shown or hidden, e.g. a tree view, a webview panel or the window's focus. */
export interface Visibility {
  readonly visible: boolean;
  readonly onDidChange: Event<unknown>;
}

/**
 * Calls `onChange(seen)` now and whenever "the view is visible and the window focused" changes.
 * The VS Code side passes its tree view, panel and window state, adapted to Visibility.
 */
export function watchSeen(view: Visibility, window: Visibility, onChange: (seen: boolean) => void): Disposable {
  let seen = view.visible && window.visible;
  const update = () => {
    const now = view.visible && window.visible;
    if (now === seen) return;
    seen = now;
    onChange(seen);
  };
  const subscriptions = [view.onDidChange(update), window.onDidChange(update)];
  onChange(seen);
  return { dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) };
}

// Under the run's header: the newest comparison the run is in (the other run, where the two first
// differ), as text, with "Show Comparison" to open its diff again.
import type { ComparisonNote, ToExtension } from '../shared/protocol';
import { button, el } from './dom';

/** The note for `note`, or undefined when the run is in no comparison. */
export function renderComparisonNote(note: ComparisonNote | null, post: (message: ToExtension) => void): HTMLElement | undefined {
  if (!note) return undefined;
  const show = button('Show Comparison', () => post({ type: 'showComparison' }), 'toolbar-button');
  show.title = 'Open the two runs side by side in the diff editor again';
  show.dataset.focusKey = 'showComparison';
  return el('div', { className: 'comparison-note' }, el('p', { text: note.text, title: note.text }), show);
}

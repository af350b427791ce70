// The run panel's search: one box over both JSON sections. It cuts their trees down to the matches
// and highlights them; Enter / Shift+Enter step through the matches on screen, Escape clears it.
import { plural } from '../shared/format';
import { button, el } from './dom';
import { MAX_MATCHES, type SectionTree } from './jsonTree';

export interface Search {
  readonly element: HTMLElement;
  text(): string;
  setText(text: string): void;
  focus(): void;
}

export function createSearch(root: HTMLElement, sections: readonly SectionTree[], onChange: () => void): Search {
  const input = el('input', { className: 'search-input' });
  input.type = 'search';
  input.placeholder = 'Filter keys and values (Enter: next match)';
  input.setAttribute('aria-label', 'Filter the context and computed configs by key or value');
  const status = el('span', { className: 'muted search-status' });
  status.setAttribute('aria-live', 'polite');
  const previous = button('↑', () => step(-1), 'toolbar-button');
  const next = button('↓', () => step(1), 'toolbar-button');
  previous.title = 'Previous match (Shift+Enter)';
  next.title = 'Next match (Enter)';
  previous.setAttribute('aria-label', 'Previous match');
  next.setAttribute('aria-label', 'Next match');
  let round = 0;
  let current = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const apply = async () => {
    const query = input.value.trim().toLowerCase();
    const mine = ++round;
    current = -1;
    if (query) status.textContent = 'Searching…';
    const outcomes = await Promise.all(sections.map((section) => section.setQuery(query)));
    if (mine !== round) return;
    if (!query) {
      status.textContent = '';
      return;
    }
    const found = outcomes.reduce((sum, outcome) => sum + (outcome?.found ?? 0), 0);
    const truncated = outcomes.some((outcome) => outcome?.truncated);
    status.textContent =
      found === 0 ? 'No matches' : `${plural(found, 'match', 'matches')}${truncated ? ` (first ${MAX_MATCHES.toLocaleString()} per section)` : ''}`;
  };

  /** Moves to the next or previous highlighted match on screen. */
  const step = (direction: 1 | -1) => {
    const marks = [...root.querySelectorAll<HTMLElement>('mark')].filter((mark) => mark.getClientRects().length > 0);
    if (marks.length === 0) return;
    for (const mark of root.querySelectorAll('mark.current-match')) mark.classList.remove('current-match');
    current = (current + direction + marks.length) % marks.length;
    const mark = marks[current];
    mark?.classList.add('current-match');
    mark?.scrollIntoView({ block: 'center' });
    status.textContent = `${current + 1} of ${marks.length} on screen`;
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void apply(), 150);
    onChange();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape' && input.value) {
      event.preventDefault();
      input.value = '';
      void apply();
      onChange();
    }
  });
  const element = el('section', { className: 'search' }, el('div', { className: 'search-row' }, input, previous, next, status));
  return {
    element,
    text: () => input.value,
    setText(text) {
      input.value = text;
      clearTimeout(timer);
      void apply();
    },
    focus() {
      input.focus();
      input.select();
    },
  };
}

// The run's expressions beside the values they produced: per node, each configured field with its
// expression, what it produced, "Empty" on those that came out empty, and the branch the node took;
// and, at the top of a finished run's panel, how many came out empty, with a way to the first. Node
// names and expression texts are run data: text nodes only (dom.ts).
import type { ExpressionNodeView, ExpressionsView } from '../shared/protocol';
import { button, el, shownText } from './dom';

export interface ExpressionsPart {
  /** At the top of the panel: "2 expressions came out empty" (a finished run with empty ones), else empty. */
  readonly notice: HTMLElement;
  /** The Expressions section, under the executions; hidden while there is nothing to show. */
  readonly section: HTMLElement;
  show(view: ExpressionsView | null): void;
}

/** "1 expression came out empty", "2 expressions came out empty". */
export function emptyExpressionsText(count: number): string {
  return `${count} ${count === 1 ? 'expression' : 'expressions'} came out empty`;
}

export function createExpressions(): ExpressionsPart {
  const notice = el('div', { className: 'expressions-slot' });
  const section = el('section', { className: 'expressions' });
  section.hidden = true;
  const show = (view: ExpressionsView | null): void => {
    const focused =
      document.activeElement instanceof HTMLElement && section.contains(document.activeElement) ? document.activeElement.dataset.focusKey : undefined;
    const nodes = view?.nodes.filter((node) => node.fields.length > 0 || node.branch) ?? [];
    section.hidden = !view || (nodes.length === 0 && !view.problem);
    section.replaceChildren(
      el('h2', { text: 'Expressions' }),
      ...(view?.problem ? [el('p', { className: 'muted', text: view.problem })] : []),
      ...nodes.map((node, index) => renderNode(node, index)),
    );
    notice.replaceChildren(...(view?.finished && view.emptyCount > 0 ? [renderNotice(view.emptyCount, section)] : []));
    if (focused) section.querySelector<HTMLElement>(`[data-focus-key="${focused}"]`)?.focus();
  };
  return { notice, section, show };
}

function renderNotice(count: number, section: HTMLElement): HTMLElement {
  const go = button('Show the First', () => {
    const first = section.querySelector<HTMLElement>('.expression-field.empty');
    first?.scrollIntoView({ block: 'center' });
    first?.focus({ preventScroll: true });
  });
  go.title = 'Scroll to the first expression that came out empty';
  const box = el(
    'div',
    { className: 'expressions-notice' },
    el('p', {}, el('span', { className: 'warning-icon', text: '⚠' }), ` ${emptyExpressionsText(count)}.`),
    go,
  );
  box.setAttribute('role', 'status');
  return box;
}

/** `index`: the node's place in the section, for the focus keys (ours, never run data). */
function renderNode(node: ExpressionNodeView, index: number): HTMLElement {
  const parts: HTMLElement[] = [el('h3', { text: node.label, title: node.slug })];
  if (node.branch) {
    const { number, count, next } = node.branch;
    const of = count > 0 ? ` of ${count}` : '';
    parts.push(el('p', { className: 'branch-taken', text: `Took branch ${number}${of}: ${next === null ? 'the end of the run' : `to ${next}`}` }));
  }
  node.fields.forEach((field, i) => {
    const row = el(
      'div',
      { className: field.empty ? 'expression-field empty' : 'expression-field' },
      el(
        'div',
        { className: 'expression-line' },
        el('span', { className: 'field-path', text: field.path }),
        el('span', {
          className: 'expression-kind',
          text: field.kind === 'templateExpression' ? 'template' : field.kind === 'jsExpression' ? 'JavaScript' : field.kind,
        }),
        el('code', { className: 'expression-text', text: field.expression }),
      ),
      el(
        'div',
        { className: 'expression-value' },
        el('span', { className: 'muted', text: 'Produced ' }),
        field.absent ? el('span', { className: 'muted', text: 'nothing (absent)' }) : el('code', { text: field.value }),
        ...(field.empty ? [el('span', { className: 'empty-marker', text: '⚠ Empty' })] : []),
      ),
      ...(field.reads.length > 0 ? [el('div', { className: 'expression-reads muted', text: `Reads ${field.reads.join(', ')}` })] : []),
      ...(field.unreadable.length > 0
        ? [el('div', { className: 'expression-reads muted', text: `Could not tell what this reads: ${field.unreadable.join(', ')}` })]
        : []),
    );
    row.tabIndex = 0;
    row.dataset.focusKey = `expression:${index}:${i}`;
    row.setAttribute('aria-label', shownText(`${field.path}: ${field.expression}${field.empty ? ', came out empty' : ''}`));
    parts.push(row);
  });
  return el('div', { className: 'expression-node' }, ...parts);
}

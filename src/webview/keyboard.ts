// Keys of the run panel: arrows move through the rows of the JSON trees the way they do in VS
// Code's own trees, and Ctrl/Cmd+F goes to the panel's search.

/** A row of a tree: the summary of a row that opens, or a leaf row. */
const ROW = 'summary, .json-leaf';

export function enableKeyboard(root: HTMLElement, focusSearch: () => void): void {
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f') {
      event.preventDefault();
      focusSearch();
    }
  });
  root.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const row = event.target instanceof HTMLElement && event.target.matches(ROW) ? event.target : undefined;
    const tree = row?.closest<HTMLElement>('.json-tree');
    if (!row || !tree) return;
    const target = nextRow(row, tree, event.key);
    if (target === 'handled' || target) event.preventDefault();
    if (target instanceof HTMLElement) {
      target.focus();
      target.scrollIntoView({ block: 'nearest' });
    }
  });
}

function nextRow(row: HTMLElement, tree: HTMLElement, key: string): HTMLElement | 'handled' | undefined {
  const details = row.matches('summary') ? (row.parentElement as HTMLDetailsElement) : undefined;
  switch (key) {
    case 'ArrowDown':
    case 'ArrowUp': {
      const rows = visibleRows(tree);
      const index = rows.indexOf(row);
      return rows[index + (key === 'ArrowDown' ? 1 : -1)] ?? 'handled';
    }
    case 'Home':
      return visibleRows(tree)[0];
    case 'End':
      return visibleRows(tree).at(-1);
    case 'ArrowRight':
      if (details && !details.open) {
        details.open = true;
        return 'handled';
      }
      return details
        ? (details.querySelector<HTMLElement>(`:scope > .json-children > .json-row > summary, :scope > .json-children > .json-leaf`) ?? 'handled')
        : 'handled';
    case 'ArrowLeft': {
      if (details?.open) {
        details.open = false;
        return 'handled';
      }
      const parent = (details ?? row).parentElement?.closest('details');
      return parent && tree.contains(parent) ? (parent.querySelector<HTMLElement>(':scope > summary') ?? 'handled') : 'handled';
    }
    default:
      return undefined;
  }
}

/** The rows on screen (not inside a closed row), in document order. */
function visibleRows(tree: HTMLElement): HTMLElement[] {
  return [...tree.querySelectorAll<HTMLElement>(ROW)].filter((row) => row.getClientRects().length > 0);
}

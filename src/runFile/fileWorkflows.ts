// The workflow a JSON file (not a run file, which names its own) is run with: asked once, remembered
// per document for the workspace, changeable from its CodeLens. Free of VS Code: documents are keyed
// by their URI string, and the store is the workspace state in the extension.
import type { Disposable } from '../core/clientSource';

export interface FileWorkflow {
  readonly workflowUuid: string;
}

export interface FileWorkflowStore {
  read(): unknown;
  write(value: Record<string, FileWorkflow>): void;
}

/** Files remembered at most; the oldest choices are forgotten first. */
export const MAX_REMEMBERED_FILES = 200;

export class FileWorkflows {
  private readonly byDocument: Map<string, FileWorkflow>;
  private readonly listeners = new Set<(documentUri: string) => void>();

  constructor(private readonly store: FileWorkflowStore) {
    this.byDocument = new Map(readStore(store.read()));
  }

  get(documentUri: string): FileWorkflow | undefined {
    return this.byDocument.get(documentUri);
  }

  set(documentUri: string, choice: FileWorkflow): void {
    this.byDocument.delete(documentUri);
    this.byDocument.set(documentUri, choice);
    while (this.byDocument.size > MAX_REMEMBERED_FILES) this.byDocument.delete(this.byDocument.keys().next().value as string);
    this.save();
    this.fire(documentUri);
  }

  forget(documentUri: string): void {
    if (!this.byDocument.delete(documentUri)) return;
    this.save();
    this.fire(documentUri);
  }

  /** A document was saved under another name (untitled → file): its choice goes with it. */
  moved(from: string, to: string): void {
    const choice = this.byDocument.get(from);
    if (!choice) return;
    this.byDocument.delete(from);
    this.set(to, choice);
  }

  /** The documents (URI strings) with a remembered workflow. */
  documents(): string[] {
    return [...this.byDocument.keys()];
  }

  onDidChange(listener: (documentUri: string) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private save(): void {
    this.store.write(Object.fromEntries(this.byDocument));
  }

  private fire(documentUri: string): void {
    for (const listener of [...this.listeners]) listener(documentUri);
  }
}

/** Whether the stored choices (the workspace state, read raw) hold one for the document: cheap enough for activation. */
export function hasStoredWorkflow(stored: unknown, documentUri: string): boolean {
  return readStore(stored).some(([uri]) => uri === documentUri);
}

/** The documents (URI strings) the stored choices (the workspace state, read raw) hold one for: cheap enough for activation. */
export function storedWorkflowDocuments(stored: unknown): string[] {
  return readStore(stored).map(([uri]) => uri);
}

function readStore(value: unknown): [string, FileWorkflow][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const entries: [string, FileWorkflow][] = [];
  for (const [uri, choice] of Object.entries(value)) {
    const workflowUuid = (choice as { workflowUuid?: unknown } | null)?.workflowUuid;
    if (typeof workflowUuid === 'string') entries.push([uri, { workflowUuid }]);
  }
  return entries.slice(-MAX_REMEMBERED_FILES);
}

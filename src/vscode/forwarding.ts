// Stand-ins registered at activation for what src/features.ts builds on first use: VS Code gets a
// provider at once, and the real one answers from the first call that needs it.
import * as vscode from 'vscode';

/** Events of a provider that does not exist yet: relayed once it is attached. */
class RelayedEvent<T> implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<T>();
  private source: vscode.Disposable | undefined;
  readonly event = this.emitter.event;

  attach(event: vscode.Event<T> | undefined): void {
    this.source?.dispose();
    this.source = event?.((value) => this.emitter.fire(value));
  }

  dispose(): void {
    this.source?.dispose();
    this.emitter.dispose();
  }
}

export class ForwardingTreeDataProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly relay = new RelayedEvent<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.relay.event;
  private target: vscode.TreeDataProvider<T> | undefined;

  constructor(private readonly load: () => vscode.TreeDataProvider<T>) {}

  private provider(): vscode.TreeDataProvider<T> {
    if (!this.target) {
      this.target = this.load();
      this.relay.attach(this.target.onDidChangeTreeData);
    }
    return this.target;
  }

  getChildren(element?: T): vscode.ProviderResult<T[]> {
    return this.provider().getChildren(element);
  }

  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.provider().getTreeItem(element);
  }

  getParent(element: T): vscode.ProviderResult<T> {
    return this.provider().getParent?.(element);
  }

  dispose(): void {
    this.relay.dispose();
  }
}

export class ForwardingContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly relay = new RelayedEvent<vscode.Uri>();
  readonly onDidChange = this.relay.event;
  private target: vscode.TextDocumentContentProvider | undefined;

  constructor(private readonly load: () => vscode.TextDocumentContentProvider) {}

  provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): vscode.ProviderResult<string> {
    if (!this.target) {
      this.target = this.load();
      this.relay.attach(this.target.onDidChange);
    }
    return this.target.provideTextDocumentContent(uri, token);
  }

  dispose(): void {
    this.relay.dispose();
  }
}

/** CodeLenses: documents that cannot have any (`mayHaveLenses` says so cheaply) do not load the features. */
export class ForwardingCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly relay = new RelayedEvent<void>();
  readonly onDidChangeCodeLenses = this.relay.event;
  private target: vscode.CodeLensProvider | undefined;

  constructor(
    private readonly load: () => vscode.CodeLensProvider,
    private readonly mayHaveLenses: (document: vscode.TextDocument) => boolean,
  ) {}

  /** The features were loaded for another reason: lenses come from them from now on. */
  attach(target: vscode.CodeLensProvider): void {
    if (this.target) return;
    this.target = target;
    this.relay.attach(target.onDidChangeCodeLenses);
  }

  provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.ProviderResult<vscode.CodeLens[]> {
    if (!this.target && !this.mayHaveLenses(document)) return [];
    this.attach(this.load());
    return this.target?.provideCodeLenses(document, token);
  }

  resolveCodeLens(lens: vscode.CodeLens, token: vscode.CancellationToken): vscode.ProviderResult<vscode.CodeLens> {
    return this.target?.resolveCodeLens ? this.target.resolveCodeLens(lens, token) : lens;
  }

  dispose(): void {
    this.relay.dispose();
  }
}

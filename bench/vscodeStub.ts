// A stand-in for the `vscode` module, so that activation can be timed in plain Node as an extension
// host would run it: every member exists, every call returns another stand-in or a disposable.
import Module from 'node:module';

type Stub = ((...args: unknown[]) => Stub) & Record<string | symbol, unknown>;

/** An object on which every member exists and every call works (returns another such object). */
export function stub(): Stub {
  const props = new Map<string | symbol, unknown>();
  const target = function () {} as unknown as Stub;
  return new Proxy(target, {
    get(_target, key) {
      if (key === Symbol.toPrimitive) return () => '';
      if (key === 'then') return undefined;
      if (key === Symbol.iterator) return function* () {};
      if (key === 'prototype') return target.prototype;
      if (!props.has(key)) props.set(key, stub());
      return props.get(key);
    },
    set(_target, key, value) {
      props.set(key, value);
      return true;
    },
    defineProperty(_target, key, descriptor) {
      props.set(key, descriptor.value);
      return true;
    },
    apply: () => stub(),
    construct: () => stub(),
  });
}

/** The names the extension uses from `vscode` (a bundle copies the module's own properties). */
const API_NAMES = [
  'window',
  'workspace',
  'authentication',
  'commands',
  'languages',
  'env',
  'extensions',
  'l10n',
  'EventEmitter',
  'Disposable',
  'Uri',
  'TreeItem',
  'TreeItemCollapsibleState',
  'ThemeIcon',
  'ThemeColor',
  'MarkdownString',
  'Range',
  'Position',
  'Selection',
  'Location',
  'Diagnostic',
  'DiagnosticSeverity',
  'DiagnosticRelatedInformation',
  'CodeLens',
  'CodeAction',
  'CodeActionKind',
  'WorkspaceEdit',
  'StatusBarAlignment',
  'ViewColumn',
  'ProgressLocation',
  'ExtensionMode',
  'CancellationTokenSource',
  'CancellationError',
  'Hover',
  'QuickPickItemKind',
  'ConfigurationTarget',
  'TextEdit',
  'FileType',
  'RelativePattern',
  'TabInputText',
  'TabInputWebview',
];

/** Makes `require('vscode')` return the stand-in. */
export function installVscodeStub(): void {
  const api: Record<string, unknown> = {};
  for (const name of API_NAMES) api[name] = stub();
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? api : load.call(this, request, ...rest);
  };
}

/** An ExtensionContext with empty state and no secrets. */
export function stubContext(): Record<string, unknown> {
  const disposable = { dispose() {} };
  const memento = { get: (_key: string, fallback?: unknown) => fallback, update: () => Promise.resolve(), keys: () => [] };
  return new Proxy(
    {
      subscriptions: [],
      extensionMode: 1,
      extension: { packageJSON: { version: '0.0.0' } },
      workspaceState: memento,
      globalState: memento,
      secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: () => disposable },
    } as Record<string | symbol, unknown>,
    { get: (target, key) => (key in target ? target[key] : stub()) },
  );
}

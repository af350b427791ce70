// Run in a fresh process by bench/rows/activation.ts: times require + activate() of a bundle in plain
// Node with fetch already loaded (an extension host has it), and the first use that loads the rest.
// Prints one line of JSON.
import { createRequire } from 'node:module';
import { installVscodeStub, stub, stubContext } from './vscodeStub';

// Node loads undici (fetch) lazily; an extension host has loaded it before any extension activates.
void globalThis.fetch;
void new Headers();
void Response;
void Request;
void AbortSignal.timeout(1000);
installVscodeStub();

const [bundle, features] = process.argv.slice(2);
if (!bundle) throw new Error('usage: activationProbe <extension bundle> [<features bundle>]');
const load = createRequire(__filename);
const context = stubContext();

const startedAt = performance.now();
const extension = load(bundle) as { activate(context: unknown): unknown };
const requiredAt = performance.now();
extension.activate(context);
const activatedAt = performance.now();

let firstUseMs: number | undefined;
if (features) {
  // What the first command, the view's rows or a run file's lenses cost on top: loading the features.
  const vscode = load('vscode') as Record<string, unknown>;
  const begin = performance.now();
  const { compose } = load(features) as { compose(parts: unknown): unknown };
  compose({ context, log: (vscode.window as { createOutputChannel(): unknown }).createOutputChannel(), tokens: stub(), runsView: stub() });
  firstUseMs = performance.now() - begin;
}
console.log(JSON.stringify({ requireMs: requiredAt - startedAt, activateMs: activatedAt - requiredAt, firstUseMs }));
process.exit(0);

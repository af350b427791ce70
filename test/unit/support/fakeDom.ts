// Just enough of a DOM for the run panel's webview code to render in Node: elements, text nodes,
// attributes, classes, events. It parses no HTML: innerHTML, outerHTML and insertAdjacentHTML throw,
// so a test that renders through it proves the code never hands data to an HTML parser, and what an
// element holds is exactly the elements the code made and the text nodes it added.

type Child = FakeNode | string;

/** The fake document's body and root element (installFakeDom). */
const pageRoots = new Set<FakeNode>();

export class FakeNode {
  parentNode: FakeElement | null = null;

  /** Under the fake document's body or root element, as a node on the page is. */
  get isConnected(): boolean {
    let parent = this.parentNode;
    while (parent?.parentNode) parent = parent.parentNode;
    return pageRoots.has(parent ?? this);
  }

  get textContent(): string {
    return '';
  }

  remove(): void {
    this.parentNode?.removeChild(this);
  }

  replaceWith(...nodes: Child[]): void {
    const parent = this.parentNode;
    if (!parent) return;
    parent.insertAt(parent.childNodes.indexOf(this), nodes);
    this.remove();
  }

  after(...nodes: Child[]): void {
    const parent = this.parentNode;
    if (parent) parent.insertAt(parent.childNodes.indexOf(this) + 1, nodes);
  }
}

export class FakeText extends FakeNode {
  constructor(public data: string) {
    super();
  }

  override get textContent(): string {
    return this.data;
  }
}

export class FakeElement extends FakeNode {
  childNodes: FakeNode[] = [];
  readonly attributes = new Map<string, string>();
  readonly dataset: Record<string, string> = {};
  className = '';
  title = '';
  hidden = false;
  tabIndex = 0;
  type = '';
  value = '';
  placeholder = '';
  max = 0;
  /** CSS custom properties the code sets (a timeline bar's place): values of its own, never markup. */
  readonly style = { properties: new Map<string, string>(), setProperty: (name: string, value: string) => void this.style.properties.set(name, value) };
  private readonly listeners = new Map<string, ((event: unknown) => void)[]>();

  constructor(readonly tagName: string) {
    super();
  }

  readonly classList = {
    add: (...names: string[]) => (this.className = [...new Set([...this.classes(), ...names])].join(' ')),
    remove: (...names: string[]) =>
      (this.className = this.classes()
        .filter((name) => !names.includes(name))
        .join(' ')),
    contains: (name: string) => this.classes().includes(name),
  };

  private classes(): string[] {
    return this.className.split(/\s+/).filter(Boolean);
  }

  get children(): FakeElement[] {
    return this.childNodes.filter((node): node is FakeElement => node instanceof FakeElement);
  }

  override get textContent(): string {
    return this.childNodes.map((node) => node.textContent).join('');
  }

  override set textContent(text: string) {
    this.replaceChildren(text);
  }

  set innerHTML(_html: string) {
    throw new Error('innerHTML: the webview must not parse HTML');
  }

  set outerHTML(_html: string) {
    throw new Error('outerHTML: the webview must not parse HTML');
  }

  insertAdjacentHTML(): void {
    throw new Error('insertAdjacentHTML: the webview must not parse HTML');
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  append(...nodes: Child[]): void {
    this.insertAt(this.childNodes.length, nodes);
  }

  prepend(...nodes: Child[]): void {
    this.insertAt(0, nodes);
  }

  replaceChildren(...nodes: Child[]): void {
    for (const node of this.childNodes) node.parentNode = null;
    this.childNodes = [];
    this.append(...nodes);
  }

  insertAt(index: number, nodes: Child[]): void {
    const made = nodes.map((node) => (typeof node === 'string' ? new FakeText(node) : node));
    for (const node of made) node.remove();
    for (const node of made) node.parentNode = this;
    this.childNodes.splice(index, 0, ...made);
  }

  removeChild(node: FakeNode): void {
    const at = this.childNodes.indexOf(node);
    if (at >= 0) this.childNodes.splice(at, 1);
    node.parentNode = null;
  }

  addEventListener(type: string, listener: (event: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  /** Fires an event at this element's listeners (no bubbling): a test's click. */
  dispatch(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ type, target: this });
  }

  querySelectorAll(): never {
    throw new Error('querySelectorAll is not in the fake DOM');
  }

  focus(): void {}
  scrollIntoView(): void {}
}

export class FakeDetails extends FakeElement {
  open = false;
}

/** Installs the fake DOM as the globals the webview code uses. */
export function installFakeDom(): void {
  const create = (tag: string) => (tag === 'details' ? new FakeDetails(tag) : new FakeElement(tag));
  const body = create('body');
  const documentElement = create('html');
  pageRoots.add(body).add(documentElement);
  Object.assign(globalThis, {
    document: { createElement: create, createTextNode: (text: string) => new FakeText(text), body, documentElement },
    HTMLElement: FakeElement,
    HTMLDetailsElement: FakeDetails,
  });
}

/** Every element under (and including) `root`, depth first, without recursion. */
export function elementsOf(root: FakeElement): FakeElement[] {
  const found: FakeElement[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const element = stack.pop() as FakeElement;
    found.push(element);
    const children = element.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as FakeElement);
  }
  return found;
}

/** All the text under `root` (its text nodes, in order), without recursion. */
export function textOf(root: FakeNode): string {
  const parts: string[] = [];
  const stack: FakeNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as FakeNode;
    if (node instanceof FakeText) parts.push(node.data);
    else if (node instanceof FakeElement) for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i] as FakeNode);
  }
  return parts.join('');
}

// A webview page script (media/*.js) run in a vm with a minimal fake DOM: enough for the pages'
// createElement / textContent / appendChild rendering, and innerHTML throws, so a test sees
// every string land as text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

export const MEDIA = join(__dirname, '..', '..', 'media');

export class FakeNode {
  children: FakeNode[] = [];
  className = '';
  title = '';
  id = '';
  type = '';
  tabIndex = -1;
  dataset: Record<string, string> = {};
  attributes: Record<string, string> = {};
  private ownText = '';
  readonly classList = {
    add: (name: string) => {
      if (!this.className.split(' ').includes(name)) this.className = `${this.className} ${name}`.trim();
    },
    remove: (name: string) => {
      this.className = this.className.split(' ').filter((entry) => entry !== name).join(' ');
    },
  };
  constructor(readonly tagName: string, readonly created: FakeNode[]) {
    created.push(this);
  }
  get textContent(): string {
    return this.ownText + this.children.map((child) => child.textContent).join('');
  }
  set textContent(value: string) {
    this.children = [];
    this.ownText = value;
  }
  set innerHTML(_value: string) {
    throw new Error('innerHTML must not be used');
  }
  appendChild(child: FakeNode): FakeNode {
    this.children.push(child);
    return child;
  }
  replaceChildren(...children: FakeNode[]): void {
    this.ownText = '';
    this.children = children;
  }
  setAttribute(name: string, value: string): void {
    this.attributes[name] = value;
  }
  addEventListener(): void {
    // Clicks are not simulated.
  }
  all(): FakeNode[] {
    return [this, ...this.children.flatMap((child) => child.all())];
  }
  find(predicate: (node: FakeNode) => boolean): FakeNode[] {
    return this.all().filter(predicate);
  }
}

export interface FakePage<Message> {
  readonly app: FakeNode;
  /** The shell's live region (#live), outside #app. */
  readonly live: FakeNode;
  readonly created: FakeNode[];
  readonly posted: unknown[];
  readonly states: unknown[];
  readonly intervals: (() => void)[];
  send(message: Message): void;
}

/** Runs media/`script` against a fake DOM whose #app is `app` and #live `live`; `send` delivers a host message. */
export function loadPage<Message>(script: string): FakePage<Message> {
  const created: FakeNode[] = [];
  const app = new FakeNode('main', created);
  const live = new FakeNode('p', created);
  const posted: unknown[] = [];
  const states: unknown[] = [];
  let listener: ((event: { data: unknown }) => void) | undefined;
  const intervals: (() => void)[] = [];
  const document = {
    getElementById: (id: string) => (id === 'app' ? app : id === 'live' ? live : null),
    createElement: (tag: string) => new FakeNode(tag.toLowerCase(), created),
    createTextNode: (text: string) => {
      const node = new FakeNode('#text', created);
      node.textContent = text;
      return node;
    },
  };
  runInNewContext(readFileSync(join(MEDIA, script), 'utf8'), {
    acquireVsCodeApi: () => ({
      // Copied as the real API does (structured clone), which also leaves the vm's realm.
      postMessage: (message: unknown) => posted.push(JSON.parse(JSON.stringify(message))),
      setState: (state: unknown) => states.push(JSON.parse(JSON.stringify(state))),
      getState: () => undefined,
    }),
    document,
    window: { addEventListener: (type: string, handler: typeof listener) => type === 'message' && (listener = handler) },
    performance: { now: () => 0 },
    setInterval: (fn: () => void) => intervals.push(fn),
    clearInterval: () => undefined,
  });
  return { app, live, created, posted, states, intervals, send: (message: Message) => listener?.({ data: message }) };
}

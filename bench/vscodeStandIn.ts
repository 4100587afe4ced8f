// Just enough of the 'vscode' module for the .http editor's real providers (document store,
// CodeLens, diagnostics) to run in plain Node: bench/keystroke.ts is bundled with 'vscode'
// resolved to this file. `editor` is the bench's handle: the open document and its change event.

type Listener<T> = (event: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((known) => known !== listener)));
  };
  fire(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Disposable {
  constructor(private readonly onDispose: () => unknown) {}
  dispose(): void {
    this.onDispose();
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
}

export class CodeLens {
  constructor(
    readonly range: Range,
    readonly command?: { title: string; command: string; arguments?: unknown[]; tooltip?: string },
  ) {}
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class Diagnostic {
  source?: string;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: DiagnosticSeverity,
  ) {}
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  toString(): string {
    return `${this.scheme}://${this.fsPath}`;
  }
}

interface StandInDocument {
  readonly uri: Uri;
  readonly languageId: string;
  readonly fileName: string;
  readonly isClosed: boolean;
  version: number;
  text: string;
  getText(): string;
}

const changes = new EventEmitter<unknown>();
const closes = new EventEmitter<unknown>();
const diagnosticsSet: { count: number } = { count: 0 };

export const editor = {
  /** A .http document on disk, at version 1. */
  open(path: string, text: string): StandInDocument {
    return { uri: Uri.file(path), languageId: 'http', fileName: path, isClosed: false, version: 1, text, getText() { return this.text; } };
  },
  /** Types `insert` at `offset` (also as line/character, as VS Code reports it), raising the version and the change event. */
  type(document: StandInDocument, offset: number, insert: string): void {
    let line = 0;
    let lineStart = 0;
    for (let at = document.text.indexOf('\n'); at !== -1 && at < offset; at = document.text.indexOf('\n', at + 1)) {
      line++;
      lineStart = at + 1;
    }
    const range = new Range(line, offset - lineStart, line, offset - lineStart);
    // A flat string, as the document's text is before a provider asks for it.
    document.text = flat(document.text.slice(0, offset) + insert + document.text.slice(offset));
    document.version++;
    changes.fire({ document, contentChanges: [{ range, rangeOffset: offset, rangeLength: 0, text: insert }], reason: undefined });
  },
  close(document: StandInDocument): void {
    closes.fire(document);
  },
  diagnosticsSet,
};

function flat(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

const none = (): Disposable => new Disposable(() => undefined);

export const workspace = {
  isTrusted: true,
  textDocuments: [] as StandInDocument[],
  workspaceFolders: undefined,
  getWorkspaceFolder: () => undefined,
  getConfiguration: () => ({ get: () => undefined, inspect: () => undefined }),
  onDidChangeTextDocument: changes.event,
  onDidOpenTextDocument: none,
  onDidCloseTextDocument: closes.event,
  onDidGrantWorkspaceTrust: none,
  onDidChangeConfiguration: none,
};

export const languages = {
  match: (_selector: unknown, document: StandInDocument): number => (document.languageId === 'http' ? 10 : 0),
  createDiagnosticCollection: () => ({
    set: () => {
      diagnosticsSet.count++;
    },
    delete: () => undefined,
    dispose: () => undefined,
  }),
};

/** Asks nothing: the keystroke never opens a picker. */
export const window = {};

// Just enough of the 'vscode' module for the .http editor's real providers (document store,
// CodeLens, diagnostics) to run in plain Node: bench/keystroke.ts is bundled with 'vscode'
// resolved to this file, and test/unit/documentStore.test.ts loads it as 'vscode'. `editor` is
// the handle: open a document, edit it (with or without VS Code's change event), close it.

import Module from 'node:module';
import type { ProfilesModel } from '../../src/vscode/profilesModel';

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
  readonly lineCount: number;
  version: number;
  getText(): string;
}

const changes = new EventEmitter<unknown>();
const closes = new EventEmitter<unknown>();

/** Like VS Code's extension host (MirrorTextModel): the text is kept as lines, and getText() joins them. */
class LinesDocument implements StandInDocument {
  readonly languageId = 'http';
  readonly isClosed = false;
  readonly uri: Uri;
  version = 1;
  private readonly lines: string[];
  constructor(
    readonly fileName: string,
    text: string,
  ) {
    this.uri = Uri.file(fileName);
    this.lines = text.split('\n');
  }
  get lineCount(): number {
    return this.lines.length;
  }
  getText(): string {
    return this.lines.join('\n');
  }
  lineAt(line: number): { readonly text: string } {
    return { text: this.lines[line] as string };
  }
  /** Types `insert` (no line break) at `line`/`character`. */
  type(line: number, character: number, insert: string): void {
    this.edit(line, character, line, character, insert);
  }
  /**
   * Replaces [start, end) with `text` and fires VS Code's change event with the offset it reports;
   * `announce: false` changes the text without the event (one the extension would have missed).
   */
  edit(startLine: number, startCharacter: number, endLine: number, endCharacter: number, text: string, announce = true): void {
    let offset = startCharacter;
    for (let i = 0; i < startLine; i++) offset += (this.lines[i] as string).length + 1;
    let length = endCharacter - startCharacter;
    for (let i = startLine; i < endLine; i++) length += (this.lines[i] as string).length + 1;
    const before = (this.lines[startLine] as string).slice(0, startCharacter);
    const after = (this.lines[endLine] as string).slice(endCharacter);
    this.lines.splice(startLine, endLine - startLine + 1, ...`${before}${text}${after}`.split('\n'));
    this.version++;
    const range = new Range(startLine, startCharacter, endLine, endCharacter);
    if (announce) changes.fire({ document: this, contentChanges: [{ range, rangeOffset: offset, rangeLength: length, text }], reason: undefined });
  }
  /** Saving: VS Code fires the change event for the dirty state alone (no change, same version). */
  save(): void {
    changes.fire({ document: this, contentChanges: [], reason: undefined });
  }
}

export const editor = {
  /** A .http document on disk, at version 1. */
  open(path: string, text: string): LinesDocument {
    return new LinesDocument(path, text);
  },
  close(document: StandInDocument): void {
    closes.fire(document);
  },
};

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
    set: (uri: Uri, diagnostics: readonly Diagnostic[]) => shownDiagnostics.set(uri.toString(), diagnostics),
    delete: (uri: Uri) => shownDiagnostics.delete(uri.toString()),
    dispose: () => undefined,
  }),
};

/** The diagnostics the extension last set, per document URI. */
export const shownDiagnostics = new Map<string, readonly Diagnostic[]>();

/** Makes `require('vscode')` give `standIn` (this module, imported by the caller) from now on. */
export function loadAsVscode(standIn: object): void {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = (request, ...rest) => (request === 'vscode' ? standIn : load(request, ...rest));
}

/** Asks nothing: the keystroke never opens a picker. */
export const window = {};

/** The four documented sandbox users, MANAGER active: what the lenses are planned for. */
export function fakeProfilesModel(): ProfilesModel {
  const profiles = ['MANAGER', 'AGENT', 'CASHIER', 'CUSTOMER'].map((role) => ({ id: role.toLowerCase(), name: role.toLowerCase(), role, environmentId: 'sandbox' }));
  return { snapshot: { profiles, apiTokens: [] }, activeId: 'manager', onDidChange: () => new Disposable(() => undefined) } as unknown as ProfilesModel;
}

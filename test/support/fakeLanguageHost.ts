// The .http editor stand-in (fakeHttpEditor.ts) plus what fallbackLanguageSupport.ts calls: the
// installed extensions and their change event, semantic tokens, language configuration and
// folding registrations. `host` is the handle: install or remove an extension, see what is
// registered now.
import * as editorStandIn from './fakeHttpEditor';

type Registration = { readonly kind: 'semanticTokens' | 'rangeSemanticTokens' | 'languageConfiguration' | 'folding'; readonly provider: unknown };

const active = new Set<Registration>();
const changes = new editorStandIn.EventEmitter<void>();
const installed: { id: string; packageJSON: unknown }[] = [];

class Disposable extends editorStandIn.Disposable {
  static from(...parts: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => parts.forEach((part) => part.dispose()));
  }
}

const register = (kind: Registration['kind'], provider: unknown): Disposable => {
  const registration = { kind, provider };
  active.add(registration);
  return new Disposable(() => active.delete(registration));
};

class SemanticTokensLegend {
  constructor(
    readonly tokenTypes: string[],
    readonly tokenModifiers: string[] = [],
  ) {}
}

/** Encodes as VS Code does: line and character deltas, length, type, modifiers. */
class SemanticTokensBuilder {
  private readonly data: number[] = [];
  private line = 0;
  private character = 0;
  push(line: number, character: number, length: number, type: number, modifiers = 0): void {
    this.data.push(line - this.line, line === this.line ? character - this.character : character, length, type, modifiers);
    this.line = line;
    this.character = character;
  }
  build(): { data: Uint32Array } {
    return { data: Uint32Array.from(this.data) };
  }
}

class FoldingRange {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly kind?: number,
  ) {}
}

export const host = {
  install(id: string, packageJSON: unknown): void {
    installed.push({ id, packageJSON });
    changes.fire();
  },
  uninstall(id: string): void {
    installed.splice(installed.findIndex((extension) => extension.id === id), 1);
    changes.fire();
  },
  registered(kind: Registration['kind']): unknown[] {
    return [...active].filter((registration) => registration.kind === kind).map((registration) => registration.provider);
  },
};

export const vscodeStandIn = {
  ...editorStandIn,
  Disposable,
  SemanticTokensLegend,
  SemanticTokensBuilder,
  FoldingRange,
  FoldingRangeKind: { Comment: 1, Imports: 2, Region: 3 },
  SyntaxTokenType: { Other: 0, Comment: 1, String: 2, RegEx: 3 },
  extensions: {
    get all() {
      return [...installed];
    },
    onDidChange: changes.event,
  },
  languages: {
    ...editorStandIn.languages,
    registerDocumentSemanticTokensProvider: (_selector: unknown, provider: unknown) => register('semanticTokens', provider),
    registerDocumentRangeSemanticTokensProvider: (_selector: unknown, provider: unknown) => register('rangeSemanticTokens', provider),
    setLanguageConfiguration: (_language: string, configuration: unknown) => register('languageConfiguration', configuration),
    registerFoldingRangeProvider: (_selector: unknown, provider: unknown) => register('folding', provider),
  },
};

// What the other installed extensions contribute to a language, read from their manifests: a
// TextMate grammar (VS Code keeps one per language, and the last registered wins) and a language
// configuration (VS Code merges every one, field by field). We add ours only where nobody else
// gives one, so the user's own .http extension keeps its highlighting and editing rules.
// No 'vscode' import: the manifests are passed in (vscode.extensions.all), and tests read it in Node.

export interface InstalledExtension {
  readonly id: string;
  readonly packageJSON: unknown;
}

export interface OtherContributions {
  /** Another extension's grammar is the language's grammar (`grammars[].language`). */
  readonly grammar: boolean;
  /** Another extension declares the language with a `configuration` file. */
  readonly configuration: boolean;
}

export function otherContributions(extensions: readonly InstalledExtension[], ownId: string, languageId: string): OtherContributions {
  let grammar = false;
  let configuration = false;
  for (const extension of extensions) {
    if (extension.id.toLowerCase() === ownId.toLowerCase()) continue;
    const contributes = record(record(extension.packageJSON).contributes);
    grammar ||= entries(contributes.grammars).some((entry) => entry.language === languageId && typeof entry.path === 'string');
    configuration ||= entries(contributes.languages).some((entry) => entry.id === languageId && typeof entry.configuration === 'string');
  }
  return { grammar, configuration };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function entries(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(record) : [];
}

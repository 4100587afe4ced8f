// The .http corpus (test/fixtures/http): real-world files of REST Client, httpYac and JetBrains
// shapes, each with the parse it must give beside it (<name>.expected.json).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const HTTP_CORPUS_DIR = join(__dirname, '..', 'fixtures', 'http');

/** The corpus files' texts, by file name. */
export function httpCorpusTexts(): string[] {
  return readdirSync(HTTP_CORPUS_DIR)
    .filter((name) => name.endsWith('.http'))
    .sort()
    .map((name) => readFileSync(join(HTTP_CORPUS_DIR, name), 'utf8'));
}

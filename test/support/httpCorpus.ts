// The .http corpora: test/fixtures/http, our files of REST Client, httpYac and JetBrains shapes,
// each with the parse it must give beside it (<name>.expected.json); and test/corpus, real public
// files of other projects (see its manifest.json), which the property tests mutate too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const HTTP_CORPUS_DIR = join(__dirname, '..', 'fixtures', 'http');
const REAL_CORPUS_DIR = join(__dirname, '..', 'corpus');

/** The texts of both corpora's .http files, the fixtures first, each in name order. */
export function httpCorpusTexts(): string[] {
  const fixtures = readdirSync(HTTP_CORPUS_DIR)
    .filter((name) => name.endsWith('.http'))
    .sort()
    .map((name) => readFileSync(join(HTTP_CORPUS_DIR, name), 'utf8'));
  const real = (JSON.parse(readFileSync(join(REAL_CORPUS_DIR, 'manifest.json'), 'utf8')) as { files: { file: string }[] }).files.map((entry) =>
    readFileSync(join(REAL_CORPUS_DIR, entry.file), 'utf8'),
  );
  return fixtures.concat(real);
}

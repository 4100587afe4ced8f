// docs/ci.md is a recipe that works: its sandbox commands run as written (on a free port instead
// of 8787) with bash in a fresh project whose `npx fincode-http` is the built CLI, the JUnit
// report they write is read back by a JUnit consumer, and the GitHub Actions workflow and the
// GitLab job parse as YAML and run those same commands and publish that same report.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'test-results-parser';
import { parseProfiles } from '../../src/cli/profilesFile';
import { BUILT_CLI } from '../support/builtCli';
import { closedPort } from '../support/throwawayServer';

const { load } = createRequire(__filename)('js-yaml') as { load: (text: string) => unknown };
const ROOT = join(__dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
const DOC_PORT = '8787';

/** The fenced blocks of `language`, in order. */
function blocks(language: string): string[] {
  return [...DOC.matchAll(new RegExp(`^\`\`\`${language}\\n([^]*?)^\`\`\`$`, 'gm'))].map((match) => match[1] as string);
}

const lines = (text: string): string[] => text.split('\n').map((line) => line.trim()).filter(Boolean);

interface Step {
  readonly run?: string;
  readonly uses?: string;
  readonly if?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
}
interface GitLabJob {
  readonly script: string[];
  readonly artifacts: { when: string; reports: { junit: string } };
}

const [SANDBOX_COMMANDS = ''] = blocks('sh');
const COMMANDS = lines(SANDBOX_COMMANDS);
const YAML = blocks('yaml').map((text) => load(text) as Record<string, unknown>);
const junitPath = (): string => /--junit (\S+)/.exec(COMMANDS.at(-1) ?? '')?.[1] ?? assert.fail('the test command writes no --junit report');

describe('docs/ci.md', () => {
  it('names the sandbox commands once, and the GitHub workflow and GitLab job parse and run exactly those, publishing their report', () => {
    assert.equal(COMMANDS.length, 3, SANDBOX_COMMANDS);
    assert.match(COMMANDS[0] ?? '', /^npx fincode-http sandbox --port 8787 --write-profiles profiles\.json .*&$/);
    assert.match(COMMANDS[2] ?? '', /^npx fincode-http test .* --profiles profiles\.json --base-url http:\/\/127\.0\.0\.1:8787\/api\/v6\/services --junit /);
    const workflow = YAML.find((doc) => 'jobs' in doc) as { jobs: Record<string, { steps: Step[] }> } | undefined;
    assert.ok(workflow, 'a GitHub Actions workflow');
    const steps = Object.values(workflow.jobs)[0]?.steps ?? [];
    const runs = steps.flatMap((step) => (step.run ? lines(step.run) : []));
    assert.deepEqual(runs, ['npm ci', ...COMMANDS]);
    const reporter = steps.find((step) => step.uses?.startsWith('dorny/test-reporter@'));
    assert.equal(reporter?.if, 'always()');
    assert.equal(reporter?.with?.path, junitPath());
    assert.equal(reporter?.with?.reporter, 'java-junit');
    const gitlab = YAML.find((doc) => 'fincode-permissions' in doc)?.['fincode-permissions'] as GitLabJob | undefined;
    assert.ok(gitlab, 'a GitLab CI job');
    assert.deepEqual(gitlab.script, ['npm ci', ...COMMANDS]);
    assert.equal(gitlab.artifacts.reports.junit, junitPath());
    assert.equal(gitlab.artifacts.when, 'always');
  });

  it('the tenant variant: the committed profiles file names variables the jobs fill from secrets, and holds no secret', () => {
    const [profilesText = ''] = blocks('json');
    const named = [...profilesText.matchAll(/"(?:passwordEnv|apiTokenEnv)": "(\w+)"/g)].map((match) => match[1] as string);
    assert.ok(named.length >= 2);
    const env = Object.fromEntries(named.map((name) => [name, `value-of-${name}`]));
    const profiles = parseProfiles(profilesText, 'ci/fincode-profiles.json', env);
    assert.deepEqual(profiles.map((p) => ('apiToken' in p ? p.apiToken : p.password)), named.map((name) => `value-of-${name}`));
    assert.doesNotMatch(profilesText, /"(password|apiToken)":/);
    const step = YAML.flatMap((doc) => (Array.isArray(doc) ? (doc as Step[]) : [])).find((s) => s.env);
    assert.deepEqual(Object.keys(step?.env ?? {}).filter((key) => key !== 'FINCODE_BASE_URL').sort(), [...named].sort());
    for (const name of named) assert.equal(step?.env?.[name], `\${{ secrets.${name} }}`);
    const tenantJob = YAML.find((doc) => 'fincode-permissions-tenant' in doc)?.['fincode-permissions-tenant'] as GitLabJob | undefined;
    assert.match(tenantJob?.script.at(-1) ?? '', /^npx fincode-http test .* --profiles ci\/fincode-profiles\.json --junit /);
  });

  describe('run as written, in a fresh project', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'fincode-ci-docs-'));
      writeFileSync(join(dir, 'package.json'), '{ "name": "ci-recipe", "private": true }\n');
      mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
      // What `npm ci` installs: the package's bin, linked to the built CLI.
      symlinkSync(BUILT_CLI, join(dir, 'node_modules', '.bin', 'fincode-http'));
      mkdirSync(join(dir, 'http', 'roles'), { recursive: true });
      copyFileSync(join(ROOT, 'samples', 'permissions.http'), join(dir, 'http', 'roles', 'permissions.http'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('the sandbox starts, the matrix passes as every role, and the JUnit report reads back', async () => {
      assert.ok(existsSync(BUILT_CLI), 'run "npm run build" first');
      const port = String(await closedPort());
      const script = `set -e\n${COMMANDS.join('\n').replaceAll(DOC_PORT, port)}\n`;
      // Its own process group: the sandbox the script leaves running is stopped with it.
      const child = spawn('bash', ['-c', script], { cwd: dir, detached: true, env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_offline: 'true', npm_config_update_notifier: 'false' } });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      clearTimeout(timer);
      try {
        process.kill(-(child.pid as number), 'SIGTERM');
      } catch {
        // The group is gone already.
      }
      assert.equal(code, 0, output);
      assert.match(output, /68 checks in 17 requests .*: 68 passed, 0 failed/);
      const result = parse({ type: 'junit', files: [join(dir, junitPath())] }) as { total: number; passed: number; suites: { name: string }[] };
      assert.deepEqual([result.total, result.passed], [68, 68]);
      assert.deepEqual(result.suites.map((suite) => suite.name), ['http/roles/permissions.http']);
    });
  });
});

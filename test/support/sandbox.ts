// Test helpers over the real local sandbox: an environment pointing at it and its counters.
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/server';
import { makeEnvironment, type Environment } from '../../src/core/fincode/environments';
import type { Counters } from '../../src/sandbox/state';

export interface TestSandbox {
  sandbox: RunningSandbox;
  env: Environment;
  counters(): Promise<Counters>;
  stop(): Promise<void>;
}

export async function withSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox(options);
  const env = makeEnvironment({ id: 'local', label: 'Local sandbox', kind: 'custom', baseUrl: sandbox.baseUrl });
  return {
    sandbox,
    env,
    async counters() {
      const response = await fetch(`${sandbox.baseUrl}/_emulator/counters`);
      return (await response.json()) as Counters;
    },
    stop: () => sandbox.stop(),
  };
}

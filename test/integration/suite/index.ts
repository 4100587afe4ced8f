// The entry VS Code calls for --extensionTestsPath: `run()` runs every scenario and rejects
// when one failed (the window then exits non-zero and runTests reports it).
import { extensionCases } from './extension';
import { peerShareCases } from './peerShare';
import { runCases } from './runner';
import { testExplorerCases } from './testExplorer';

export async function run(): Promise<void> {
  await runCases('FinCode API Explorer integration (extension host)', [...extensionCases, ...peerShareCases, ...testExplorerCases]);
}

// The commands that send (`send`, `matrix`) run through here: their pools and proxy are made
// for the command and closed when it ends, so that no socket outlives it. `parse` does not come
// here, so it never loads the network code.
import { createConnections, type Connections } from '../core/net/connections';
import { runCli } from './cliError';

/** runCli with the command's connections, closed once the body ends (also when it fails). */
export function runConnectedCli(command: string, body: (connections: Connections) => Promise<number>): Promise<number> {
  return runCli(command, async () => {
    const connections = createConnections();
    try {
      return await body(connections);
    } finally {
      await connections.close();
    }
  });
}

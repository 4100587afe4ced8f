// The child of sendInChild (faultServers.ts): sends the requests of argv[2] in order with the
// transport, as the extension and the CLI do, and prints their outcomes as one JSON array.
import { TimeoutError } from '../../src/core/fincode/errors';
import { send } from '../../src/core/net/transport';
import type { ChildOutcome, ChildRequest } from './faultServers';

async function outcome(request: ChildRequest): Promise<ChildOutcome> {
  try {
    const response = await send({
      url: request.url,
      method: request.method ?? 'GET',
      headers: {},
      ...(request.body === undefined ? {} : { body: request.body }),
      timeouts: { totalMs: request.totalMs ?? 10_000 },
    });
    return { status: response.status, httpVersion: response.httpVersion, body: response.body.toString() };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    const causeCode = (error as { causeCode?: string }).causeCode;
    return {
      error: {
        name,
        message,
        ...(causeCode === undefined ? {} : { causeCode }),
        ...(error instanceof TimeoutError ? { phase: error.phase } : {}),
      },
    };
  }
}

async function main(): Promise<void> {
  const requests = JSON.parse(process.argv[2] ?? '[]') as ChildRequest[];
  const outcomes: ChildOutcome[] = [];
  for (const request of requests) outcomes.push(await outcome(request));
  // Exits once written: the shared connection pool would keep the process alive.
  process.stdout.write(JSON.stringify(outcomes), () => process.exit(0));
}

void main();

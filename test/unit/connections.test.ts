// The front end's Connections own every socket: a kept-alive connection stays open between
// requests and closes when the front end closes its Connections; an exchange without one opens
// its own pool and leaves nothing open; a changed proxy setting takes effect at once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createConnections } from '../../src/core/net/connections';
import { send } from '../../src/core/net/transport';
import { NetworkError } from '../../src/core/errors';
import { connectProxy, within } from '../support/faultServers';
import { httpServer, type SocketLog, type Throwaway } from '../support/throwawayServer';

describe('connections: who holds a socket', () => {
  let server: Throwaway;
  let sockets: SocketLog;
  let origin: string;
  before(async () => {
    server = await httpServer((_req, res) => res.end('ok'));
    sockets = server.sockets;
    origin = server.origin;
  });
  after(() => server.close());

  it('keeps connections alive for the next requests, and close() closes them', async () => {
    const connections = createConnections();
    const before = sockets.opened();
    for (let i = 0; i < 10; i++) assert.equal((await send({ url: `${origin}/${i}`, method: 'GET', headers: {}, connections })).status, 200);
    assert.ok(sockets.opened() - before <= 3, `${sockets.opened() - before} connections for ten requests: kept alive and reused`);
    assert.ok(sockets.open() >= 1, 'still open between requests');
    const closed = sockets.allClosed();
    await connections.close();
    await within(closed, 5000, 'the connection closes with the Connections');
    assert.equal(sockets.open(), 0);
  });

  it('an exchange without Connections closes the pool it opened', async () => {
    // Counted, not polled: the connection may open and close before a poll would see it.
    const before = sockets.opened();
    assert.equal((await send({ url: `${origin}/alone`, method: 'GET', headers: {} })).status, 200);
    assert.ok(sockets.opened() > before, 'the exchange opened its own connection');
    await within(sockets.allClosed(), 5000, 'its connection closes after the exchange');
    assert.equal(sockets.open(), 0);
  });

  it('configureProxy applies to the next request and reports an unusable proxy', async () => {
    const proxy = await connectProxy();
    const connections = createConnections({});
    try {
      const target = `http://api.fincode.test:${new URL(origin).port}/`;
      connections.configureProxy({ proxy: `http://127.0.0.1:${proxy.port}` });
      assert.equal((await send({ url: target, method: 'GET', headers: {}, connections })).body.toString(), 'ok');
      assert.equal(proxy.tunnels.length, 1);
      const problem = connections.configureProxy({ proxy: 'socks5://127.0.0.1:1080' });
      assert.match(problem ?? '', /not an http:\/\/ or https:\/\/ URL/);
      await assert.rejects(send({ url: target, method: 'GET', headers: {}, connections }), (error: unknown) => error instanceof NetworkError && error.message === problem);
      assert.equal(connections.configureProxy({}), undefined);
      assert.equal(connections.proxyRoute().https, undefined, 'no proxy once cleared (the environment given is empty)');
    } finally {
      await connections.close();
      await proxy.close();
    }
  });
});

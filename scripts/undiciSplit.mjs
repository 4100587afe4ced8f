import { dirname } from 'node:path';

// The extension loads undici on its first request (src/core/net/transport.ts), from a file of
// its own: activation never parses the HTTP client. That file holds only the parts of undici
// transport.ts uses (a dispatcher and its request(), the proxy dispatcher, the error classes;
// HTTP/2 comes with the client), not fetch, WebSocket, the cache or the mocks.
export const undiciApart = {
  name: 'undici-apart',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true }));
  },
};

const parts = `
const Dispatcher = require('undici/lib/dispatcher/dispatcher');
Dispatcher.prototype.request = require('undici/lib/api/api-request');
// The proxy dispatcher opens its CONNECT tunnels with connect().
Dispatcher.prototype.connect = require('undici/lib/api/api-connect');
module.exports = {
  Agent: require('undici/lib/dispatcher/agent'),
  ProxyAgent: require('undici/lib/dispatcher/proxy-agent'),
  errors: require('undici/lib/core/errors'),
};
`;

/** esbuild `stdin` for dist/undici.js. */
export const undiciParts = { contents: parts, resolveDir: dirname(import.meta.dirname), sourcefile: 'undici-parts.js' };

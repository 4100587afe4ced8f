// Row 23: certificates are checked on every connection. A self-signed, expired or wrong-host
// certificate, or one from a CA the process does not trust, is refused with a clear error
// naming the reason, and the request never reaches the server; NODE_TLS_REJECT_UNAUTHORIZED=0
// in the environment changes nothing. With the test CA trusted (NODE_EXTRA_CA_CERTS, in a
// child process) the valid certificate works: the failures are about the certificates.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import { join } from 'node:path';
import { NetworkError } from '../../src/core/fincode/errors';
import { send } from '../../src/core/net/transport';
import { childError, sendInChild, tlsFixture, TLS_DIR } from '../support/faultServers';
import { throwaway, type Throwaway } from '../support/throwawayServer';

const CERTIFICATES = ['valid', 'expired', 'wrong-host', 'self-signed'] as const;
type Certificate = (typeof CERTIFICATES)[number];

/** Why each certificate fails once the test CA is trusted. */
const REFUSED: Readonly<Record<Exclude<Certificate, 'valid'>, string>> = {
  expired: 'CERT_HAS_EXPIRED',
  'wrong-host': 'ERR_TLS_CERT_ALTNAME_INVALID',
  'self-signed': 'DEPTH_ZERO_SELF_SIGNED_CERT',
};

describe('row 23: TLS certificates', () => {
  const servers = new Map<Certificate, { server: Throwaway; url: string; requests: number }>();
  before(async () => {
    for (const name of CERTIFICATES) {
      const server = createServer(tlsFixture(name), (_req, res) => res.end(`hello from ${name}`));
      const entry = { server: await throwaway(server), url: '', requests: 0 };
      server.on('request', () => (entry.requests += 1));
      entry.url = `${entry.server.origin}/api`;
      servers.set(name, entry);
    }
  });
  after(async () => {
    for (const { server } of servers.values()) await server.close();
  });

  const url = (name: Certificate): string => servers.get(name)?.url ?? assert.fail(name);
  const requests = (name: Certificate): number => servers.get(name)?.requests ?? 0;

  it('row 23: a self-signed certificate and one from an untrusted CA are refused with the reason', async () => {
    for (const [name, code] of [['self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'], ['valid', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']] as const) {
      const error = await send({ url: url(name), method: 'GET', headers: { 'x-auth-token': 'secret-token' } }).catch((e: unknown) => e);
      assert.ok(error instanceof NetworkError, String(error));
      assert.equal(error.causeCode, code);
      assert.match(error.message, new RegExp(`^The TLS certificate of 127\\.0\\.0\\.1:\\d+ was rejected \\(${code}\\)\\. Certificate checks stay on`));
      assert.equal(requests(name), 0, `the request never reached the ${name} server`);
    }
  });

  for (const rejectUnauthorized of [undefined, '0']) {
    const label = rejectUnauthorized === undefined ? 'with the test CA trusted' : 'with the test CA trusted and NODE_TLS_REJECT_UNAUTHORIZED=0';
    it(`row 23: ${label}, the valid certificate works and the expired, wrong-host and self-signed ones are refused`, async () => {
      const counts = CERTIFICATES.map(requests);
      const env = { NODE_EXTRA_CA_CERTS: join(TLS_DIR, 'ca.crt'), ...(rejectUnauthorized === undefined ? {} : { NODE_TLS_REJECT_UNAUTHORIZED: rejectUnauthorized }) };
      const outcomes = await sendInChild(CERTIFICATES.map((name) => ({ url: url(name) })), env);
      assert.deepEqual(outcomes[0], { status: 200, httpVersion: '1.1', body: 'hello from valid' });
      CERTIFICATES.forEach((name, index) => {
        if (name === 'valid') return;
        const error = childError(outcomes[index]);
        assert.equal(error.name, 'NetworkError', name);
        assert.equal(error.causeCode, REFUSED[name], name);
        assert.match(error.message, /was rejected .*Certificate checks stay on/, name);
        assert.equal(requests(name), counts[index], `the request never reached the ${name} server`);
      });
    });
  }
});

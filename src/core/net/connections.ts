// The sockets: one connection pool per connect timeout (undici sets that timeout per
// dispatcher), one per proxy, and the proxy settings that choose between them. A front end
// creates one Connections and closes it when it stops (the extension on deactivate, the CLI
// before it exits), which closes every pool; a changed proxy setting closes the pools through
// the old proxy (once their requests end). Nothing here loads undici before the first request.
import type { Agent, Dispatcher } from 'undici';
import { NetworkError } from '../errors';
import { proxyFor, routeFor, type ProxyRoute, type ProxySettings } from './proxy';
import { undici } from './undici';

export interface Route {
  readonly dispatcher: Dispatcher;
  /** The proxy the request goes through, if any. */
  readonly proxy?: URL;
}

export interface Connections {
  /**
   * Sets the proxy from the editor's settings (`http.proxy`, `http.noProxy`). Returns a message
   * when the proxy is not usable (requests then fail with it rather than going direct).
   */
  configureProxy(settings: ProxySettings): string | undefined;
  /** The proxies of the current settings and the environment. */
  proxyRoute(): ProxyRoute;
  /** The pool for `target` and the proxy it goes through; a NetworkError when the proxy setting is invalid. */
  route(target: URL, connectMs: number): Route;
  /** The direct pool for `connectMs` (benchmarks compare against it). */
  direct(connectMs: number): Agent;
  /** Closes every pool: requests in flight end first. */
  close(): Promise<void>;
}

/**
 * How every connection is made: certificates always checked (set here, so that
 * NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot turn the check off) and HTTP/2 when
 * the server offers it over TLS.
 */
function connectOptions(connectMs: number): { timeout: number; rejectUnauthorized: true; allowH2: true } {
  return { timeout: connectMs, rejectUnauthorized: true, allowH2: true };
}

/** `env`: where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read (default process.env). */
export function createConnections(env: Readonly<Record<string, string | undefined>> = process.env): Connections {
  const direct = new Map<number, Agent>();
  const proxied = new Map<string, Dispatcher>();
  let settings: ProxySettings = {};
  let current: ProxyRoute | undefined;

  const closeProxied = (): Promise<unknown> => {
    const closing = [...proxied.values()].map((dispatcher) => dispatcher.close());
    proxied.clear();
    return Promise.all(closing);
  };

  const proxyRoute = (): ProxyRoute => (current ??= routeFor(settings, env));

  const directPool = (connectMs: number): Agent => {
    let agent = direct.get(connectMs);
    if (!agent) {
      agent = new (undici().Agent)({ allowH2: true, connect: connectOptions(connectMs) });
      direct.set(connectMs, agent);
    }
    return agent;
  };

  /** CONNECT tunnels through `proxy`, its credentials in Proxy-Authorization. */
  const proxyPool = (proxy: URL, connectMs: number): Dispatcher => {
    const key = `${connectMs} ${proxy.href}`;
    let agent = proxied.get(key);
    if (!agent) {
      const tls = connectOptions(connectMs);
      agent = new (undici().ProxyAgent)({ uri: proxy.href, allowH2: true, proxyTls: tls, requestTls: tls });
      proxied.set(key, agent);
    }
    return agent;
  };

  return {
    configureProxy(next) {
      settings = { ...next };
      current = undefined;
      void closeProxied();
      return proxyRoute().invalid;
    },
    proxyRoute,
    route(target, connectMs) {
      const proxies = proxyRoute();
      if (proxies.invalid !== undefined) throw new NetworkError(proxies.invalid, 'PROXY_INVALID');
      const proxy = proxyFor(target, proxies);
      return proxy === undefined ? { dispatcher: directPool(connectMs) } : { dispatcher: proxyPool(proxy, connectMs), proxy };
    },
    direct: directPool,
    async close() {
      const closing = [...direct.values()].map((agent) => agent.close());
      direct.clear();
      await Promise.all([...closing, closeProxied()]);
    },
  };
}

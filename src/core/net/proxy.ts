// Which proxy a request goes through. The extension passes VS Code's `http.proxy` (and
// `http.noProxy`) to its Connections' configureProxy; without one, HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the
// environment apply (either case), as for the CLI. Loopback hosts always go direct: the local
// sandbox is never sent to a proxy that cannot reach this machine. A proxy URL's user and
// password only ever travel in the Proxy-Authorization header: describeProxy names a proxy
// without them for logs and messages.
// Ours, not undici's EnvHttpProxyAgent: that one sends loopback hosts (the local sandbox) to the
// proxy unless NO_PROXY lists them, fails when it is built if a proxy URL is malformed (we
// report it and send nothing), and does not tell which proxy a request took (our error
// messages name it); our Connections build undici's ProxyAgent from this route instead.

export interface ProxySettings {
  /** VS Code's `http.proxy`; empty or absent: the environment variables decide. */
  readonly proxy?: string;
  /** VS Code's `http.noProxy` (host names, `.suffix`, `*`), added to NO_PROXY. */
  readonly noProxy?: readonly string[];
}

interface NoProxyRule {
  /** Lower case, without brackets or a leading `*.` / `.`; `*` matches every host. */
  readonly host: string;
  /** 0: any port. */
  readonly port: number;
}

/** The proxies of the current settings; `invalid` when a configured proxy is not an http(s) URL. */
export interface ProxyRoute {
  readonly http?: URL;
  readonly https?: URL;
  readonly noProxy: readonly NoProxyRule[];
  readonly invalid?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Undefined when nothing is configured: the common case costs one property read per request. */
export function proxyFor(target: URL, route: ProxyRoute): URL | undefined {
  const proxy = target.protocol === 'https:' ? route.https : route.http;
  if (proxy === undefined) return undefined;
  return bypassed(target, route.noProxy) ? undefined : proxy;
}

const env = (vars: Env, name: string): string | undefined => {
  const value = vars[name.toLowerCase()] ?? vars[name.toUpperCase()];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
};

export function routeFor(configured: ProxySettings, vars: Env): ProxyRoute {
  const noProxy = parseNoProxy([env(vars, 'no_proxy') ?? '', ...(configured.noProxy ?? [])].join(','));
  const explicit = configured.proxy?.trim();
  if (explicit) {
    const url = parseProxyUrl(explicit);
    if (!url) return { noProxy, invalid: 'The http.proxy setting is not an http:// or https:// URL: no request is sent until it is fixed or cleared.' };
    return { http: url, https: url, noProxy };
  }
  const httpValue = env(vars, 'http_proxy');
  const httpsValue = env(vars, 'https_proxy') ?? httpValue;
  const http = httpValue === undefined ? undefined : parseProxyUrl(httpValue);
  const https = httpsValue === undefined ? undefined : parseProxyUrl(httpsValue);
  if ((httpValue !== undefined && !http) || (httpsValue !== undefined && !https)) {
    return { noProxy, invalid: 'HTTPS_PROXY or HTTP_PROXY is not an http:// or https:// URL: no request is sent until it is fixed or unset.' };
  }
  return { ...(http ? { http } : {}), ...(https ? { https } : {}), noProxy };
}

/** `host:port` as curl accepts it: a URL without scheme is taken as http. */
function parseProxyUrl(value: string): URL | undefined {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export function parseNoProxy(list: string): NoProxyRule[] {
  return list
    .split(/[\s,]+/)
    .map((entry) => {
      const lower = entry.toLowerCase();
      // `[v6]:port`, a bare IPv6 address (no port), or `host[:port]`.
      const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(lower) ?? (lower.split(':').length > 2 ? [lower, lower] : /^([^:]*)(?::(\d+))?$/.exec(lower));
      return { host: (match?.[1] ?? '').replace(/^\*?\./, ''), port: Number(match?.[2] ?? 0) };
    })
    .filter((rule) => rule.host !== '');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function bypassed(target: URL, rules: readonly NoProxyRule[]): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (isLoopback(host)) return true;
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  return rules.some((rule) => (rule.port === 0 || rule.port === port) && (rule.host === '*' || host === rule.host || host.endsWith(`.${rule.host}`)));
}

/** The proxy for logs and messages: scheme, host and port, never its user or password. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

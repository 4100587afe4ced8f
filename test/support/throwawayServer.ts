// The one way tests stand up a server of their own: any node server (http, https, http2, net)
// listening on 127.0.0.1 on a free port, its port and origin, and a close that also destroys
// the connections still open, so that a keep-alive socket or a request left hanging on purpose
// never holds a test run open.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Server, Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';

export interface SocketLog {
  /** Connections accepted so far. */
  opened(): number;
  /** Connections not yet closed. */
  open(): number;
  /** Resolves when every connection accepted so far has closed. */
  allClosed(): Promise<void>;
}

export interface Throwaway<S extends Server = Server> {
  readonly server: S;
  readonly port: number;
  /** `http://127.0.0.1:<port>`, `https://…` for a TLS server. */
  readonly origin: string;
  /** The server side of every connection it accepted (the client's pool is invisible from here). */
  readonly sockets: SocketLog;
  /** Stops listening and destroys every open connection; a second call does nothing. */
  close(): Promise<void>;
}

/** Starts `server` on 127.0.0.1 on a free port. */
export async function throwaway<S extends Server>(server: S): Promise<Throwaway<S>> {
  const sockets = new Set<Socket>();
  let opened = 0;
  server.on('connection', (socket: Socket) => {
    opened += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    origin: `${server instanceof TlsServer ? 'https' : 'http'}://127.0.0.1:${port}`,
    sockets: {
      opened: () => opened,
      open: () => sockets.size,
      // A 'close' listener, not events.once: a reset socket emits 'error' first.
      allClosed: () => Promise.all([...sockets].map((socket) => new Promise((resolve) => socket.once('close', resolve)))).then(() => undefined),
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (server.listening) server.close(() => resolve());
        else resolve();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** An HTTP server answering with `handler`, on 127.0.0.1 on a free port. */
export function httpServer(handler?: RequestListener): Promise<Throwaway<HttpServer>> {
  return throwaway(createServer(handler));
}

/** A port on which nothing listens (it did a moment ago): connections to it are refused. */
export async function closedPort(): Promise<number> {
  const { port, close } = await httpServer();
  await close();
  return port;
}

/** The whole body of a request. */
export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface RecordingServer extends Throwaway<HttpServer> {
  /** Every request, in the order its body was complete. */
  readonly requests: RecordedRequest[];
}

/** An HTTP server that records every request with its body, then answers with `handler`. */
export async function recordingServer(handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const running = await httpServer((req, res) => {
    void readBody(req).then((body) => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      return handler(req, res, body);
    });
  });
  return { ...running, requests };
}

/**
 * The inspector's web server: HTTP for the page and its bundled assets, a WebSocket for the run.
 *
 * Security: it binds to 127.0.0.1 unless told otherwise; on loopback it answers only requests
 * whose `Host` names the address it listens on (no DNS rebinding); bound to another address
 * (`allowRemote`) it requires the secret token of its URL on every request (then kept in a
 * same-site cookie). It serves a fixed set of in-memory assets looked up by exact path (nothing is
 * read from disk per request, so no path can escape); it accepts WebSocket connections only from
 * its own origin, at most {@link MAX_CLIENTS} at once. `close()` ends every connection.
 *
 * Robustness: a malformed frame, an oversized message (over {@link MAX_PAYLOAD}) or a broken
 * connection closes that client only. Each client is sent the run one chunk at a time (at most
 * {@link CHUNK_BYTES} of lines), the next only once the previous left, so a slow or stalled page
 * holds at most one chunk in memory; every chunk is read from the session's shared store.
 */
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { buildClientAssets, type Asset } from './assets';
import { boundedStringify } from './boundedJson';
import type { InspectorSession } from './session';
import type { ClientMessage } from './view/protocol';

export interface InspectorServerOptions {
  session: InspectorSession;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /**
   * Required on every request (`?token=` in the URL, then a cookie) — mandatory when `host` is
   * not a loopback address.
   */
  token?: string;
}

export interface InspectorServer {
  /** `http://127.0.0.1:<port>/` (with `?token=…` when a token is required). */
  readonly url: string;
  readonly port: number;
  /** Stop accepting, close every connection and the session. */
  close(): Promise<void>;
}

/** Largest message accepted from a page (bytes); a page sends only small `need` messages. */
export const MAX_PAYLOAD = 64 * 1024;
/** Most WebSocket clients at once. */
export const MAX_CLIENTS = 32;
/** Most bytes of trace lines in one chunk. */
export const CHUNK_BYTES = 256 * 1024;
/** Most lines in one chunk. */
const MAX_LINES_PER_CHUNK = 20_000;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether `host` is a loopback address. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Start serving `session`. */
export async function startInspectorServer(
  options: InspectorServerOptions
): Promise<InspectorServer> {
  const host = options.host ?? '127.0.0.1';
  const { session, token } = options;
  if (!isLoopback(host) && !token) {
    throw new Error(`the inspector binds to ${host}, not a loopback address, only with a token`);
  }
  const assets = buildClientAssets();
  let port = 0;
  const allowedHosts = () => {
    const names = new Set([host, '127.0.0.1', 'localhost', '[::1]']);
    return new Set(
      [...names].map((n) => `${n.includes(':') && !n.startsWith('[') ? `[${n}]` : n}:${port}`)
    );
  };
  // Bound to another address, the page may be reached by any name of the machine: the token,
  // not the Host header, is what keeps others out.
  const hostAllowed = (value: string | undefined) =>
    token !== undefined ? typeof value === 'string' : allowedHosts().has(value ?? '');
  const originAllowed = (origin: string | undefined, hostHeader: string | undefined) =>
    token !== undefined
      ? origin === `http://${hostHeader}`
      : [...allowedHosts()].some((h) => origin === `http://${h}`);
  const tokenGiven = (req: http.IncomingMessage) => {
    if (token === undefined) return true;
    const url = new URL(req.url ?? '/', 'http://x');
    const fromQuery = url.searchParams.get('token');
    const fromCookie = /(?:^|;\s*)mirrorbeat_token=([0-9a-f]+)/.exec(req.headers.cookie ?? '')?.[1];
    return [fromQuery, fromCookie].some((t) => t !== null && t !== undefined && same(t, token));
  };

  const server = http.createServer((req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      const headers: http.OutgoingHttpHeaders = {
        'Content-Type': type,
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Content-Security-Policy':
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*"
      };
      if (token !== undefined && status === 200) {
        headers['Set-Cookie'] = `mirrorbeat_token=${token}; HttpOnly; SameSite=Strict; Path=/`;
      }
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (!hostAllowed(req.headers.host)) return send(403, 'forbidden host\n');
    if (!tokenGiven(req)) return send(403, 'forbidden: the URL token is missing or wrong\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    const url = req.url ?? '/';
    const pathname = url.split('?')[0];
    const asset: Asset | undefined = Object.prototype.hasOwnProperty.call(assets, pathname)
      ? assets[pathname]
      : undefined;
    if (!asset) return send(404, 'not found\n');
    send(200, asset.body, asset.type);
  });
  // A malformed request or a reset connection ends that connection, never the server.
  server.on('clientError', (_error, socket) => socket.destroy());

  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: MAX_PAYLOAD,
    verifyClient: (
      info: { origin: string; req: http.IncomingMessage },
      done: (ok: boolean, code?: number, message?: string) => void
    ) => {
      const hostHeader = info.req.headers.host;
      if (!originAllowed(info.origin, hostHeader) || !hostAllowed(hostHeader)) {
        return done(false, 403, 'forbidden origin');
      }
      if (!tokenGiven(info.req)) return done(false, 403, 'forbidden: token');
      if (wss.clients.size >= MAX_CLIENTS) return done(false, 503, 'too many clients');
      done(true);
    }
  });
  wss.on('error', () => undefined);
  wss.on('wsClientError', (_error, socket) => socket.destroy());

  // Serialized once for every page (the session is complete when served).
  let machinesText: string | undefined;
  const machinesJson = () => (machinesText ??= boundedStringify(session.machines));

  wss.on('connection', (socket: WebSocket) => {
    // A bad frame (too big, unmasked, invalid UTF-8, bad opcode, reserved bit): ws reports it
    // here and closes this connection with the matching code (1009, 1002, 1007); nothing else is
    // affected. A peer that does not finish the close handshake is cut after a second.
    socket.on('error', () => setTimeout(() => socket.terminate(), 1000).unref());
    let sentLines = 0;
    let sentTables = 0;
    let sentDone = false;
    let sending = false;
    const open = () => socket.readyState === socket.OPEN;
    const sendText = (text: string, then?: () => void) => {
      if (!open()) return;
      socket.send(text, (error) => {
        if (error) socket.terminate();
        else then?.();
      });
    };
    /** The next chunk's JSON, or undefined when everything was sent. */
    const nextChunk = (): string | undefined => {
      const { lines, tables } = session;
      let end = sentLines;
      while (
        end < lines.count &&
        end - sentLines < MAX_LINES_PER_CHUNK &&
        (end === sentLines || lines.bytes(sentLines, end + 1) <= CHUNK_BYTES)
      ) {
        end++;
      }
      let tEnd = sentTables;
      while (tEnd < tables.count && tables.keyAt(tEnd) < end) tEnd++;
      const complete = end === lines.count;
      const done = complete && session.done();
      if (end === sentLines && tEnd === sentTables && done === sentDone && sentLines > 0) {
        return undefined;
      }
      const upTo = complete ? session.upTo() : lines.keyAt(end - 1);
      let extra = '';
      if (done && !sentDone) {
        extra = `,"report":${boundedStringify(session.report())},"narrative":${boundedStringify(session.narrative())}`;
        sentDone = true;
      }
      const text =
        `{"type":"chunk","from":${sentLines},"lines":[${lines.joined(sentLines, end)}],` +
        `"tables":[${tables.joined(sentTables, tEnd)}],"machines":${sentLines === 0 || done ? machinesJson() : '{}'},` +
        `"upTo":${upTo},"done":${done}${extra}}`;
      sentLines = end;
      sentTables = tEnd;
      return text;
    };
    /** Send chunks one at a time: the next once the previous has left. */
    const pump = () => {
      if (!open()) return;
      const text = nextChunk();
      if (text === undefined) {
        sending = false;
        return;
      }
      sending = true;
      sendText(text, () => setImmediate(pump));
    };
    sendText(session.helloJson);
    socket.on('message', (data, isBinary) => {
      let message: ClientMessage;
      try {
        if (isBinary) throw new Error('binary');
        message = JSON.parse(String(data)) as ClientMessage;
      } catch {
        return sendText(JSON.stringify({ type: 'error', message: 'expected JSON' }));
      }
      if (
        message &&
        message.type === 'need' &&
        typeof message.until === 'number' &&
        message.until >= 0
      ) {
        try {
          session.need(message.until);
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          return sendText(JSON.stringify({ type: 'error', message: text.slice(0, 200) }));
        }
        // A pump already under way sends everything computed.
        if (!sending) pump();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Later server errors (a failing accept) must not end the process.
  server.on('error', () => undefined);
  port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shown}:${port}/${token !== undefined ? `?token=${token}` : ''}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
        session.close();
      });
      return closing;
    }
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

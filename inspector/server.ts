/**
 * The inspector's web server: HTTP for the page and its bundled assets, a WebSocket for the run.
 *
 * Security: it binds to 127.0.0.1 unless told otherwise; it answers only requests whose `Host`
 * names the address it listens on (no DNS rebinding); it serves a fixed set of in-memory assets
 * looked up by exact path (nothing is read from disk per request, so no path can escape); it
 * accepts WebSocket connections only from its own origin. `close()` ends every connection.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { buildClientAssets, type Asset } from './assets';
import type { InspectorSession } from './session';
import type { ChunkMessage, ClientMessage, ServerMessage } from './view/protocol';

export interface InspectorServerOptions {
  session: InspectorSession;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
}

export interface InspectorServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  /** Stop accepting, close every connection and the session. */
  close(): Promise<void>;
}

/** Most lines sent in one WebSocket message. */
const MAX_LINES_PER_CHUNK = 20_000;

/** Start serving `session`. */
export async function startInspectorServer(
  options: InspectorServerOptions
): Promise<InspectorServer> {
  const host = options.host ?? '127.0.0.1';
  const assets = buildClientAssets();
  const { session } = options;
  let port = 0;
  const allowedHosts = () => {
    const names = new Set([host, '127.0.0.1', 'localhost', '[::1]']);
    return new Set(
      [...names].map((n) => `${n.includes(':') && !n.startsWith('[') ? `[${n}]` : n}:${port}`)
    );
  };
  const allowedOrigins = () => new Set([...allowedHosts()].map((h) => `http://${h}`));

  const server = http.createServer((req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy':
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*"
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (!allowedHosts().has(req.headers.host ?? '')) return send(403, 'forbidden host\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    const url = req.url ?? '/';
    const pathname = url.split('?')[0];
    const asset: Asset | undefined = Object.prototype.hasOwnProperty.call(assets, pathname)
      ? assets[pathname]
      : undefined;
    if (!asset) return send(404, 'not found\n');
    send(200, asset.body, asset.type);
  });

  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: 64 * 1024,
    verifyClient: (
      info: { origin: string; req: http.IncomingMessage },
      done: (ok: boolean, code?: number, message?: string) => void
    ) => {
      const ok =
        allowedOrigins().has(info.origin ?? '') && allowedHosts().has(info.req.headers.host ?? '');
      done(ok, 403, 'forbidden origin');
    }
  });

  wss.on('connection', (socket: WebSocket) => {
    let sentLines = 0;
    let sentTables = 0;
    let sentDone = false;
    const post = (message: ServerMessage) => socket.send(JSON.stringify(message));
    const flush = () => {
      do {
        const lines = session.lines.slice(sentLines, sentLines + MAX_LINES_PER_CHUNK);
        const end = sentLines + lines.length;
        let tEnd = sentTables;
        while (tEnd < session.tables.length && session.tables[tEnd].i < end) tEnd++;
        const complete = end === session.lines.length;
        const done = complete && session.done();
        if (lines.length === 0 && tEnd === sentTables && done === sentDone && sentLines > 0) return;
        const chunk: ChunkMessage = {
          type: 'chunk',
          from: sentLines,
          lines,
          tables: session.tables.slice(sentTables, tEnd),
          machines: { ...session.machines },
          upTo: complete ? session.upTo() : lines[lines.length - 1].t,
          done
        };
        if (done && !sentDone) {
          chunk.report = session.report();
          chunk.narrative = session.narrative();
          sentDone = true;
        }
        post(chunk);
        sentLines = end;
        sentTables = tEnd;
      } while (sentLines < session.lines.length);
    };
    post(session.hello);
    socket.on('message', (data) => {
      let message: ClientMessage;
      try {
        message = JSON.parse(String(data)) as ClientMessage;
      } catch {
        return post({ type: 'error', message: 'expected JSON' });
      }
      if (message.type === 'need' && typeof message.until === 'number' && message.until >= 0) {
        try {
          session.need(message.until);
        } catch (error) {
          return post({
            type: 'error',
            message: error instanceof Error ? error.message : String(error)
          });
        }
        flush();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shown}:${port}/`,
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

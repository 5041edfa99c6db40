/**
 * WebSocket-to-TCP relay so `@neondatabase/serverless` (Pool/Client over WebSocket)
 * can talk to a plain local PostgreSQL, from Node or from inside workerd.
 *
 * The driver, configured with configureNeonForRelay(), opens
 *   ws://127.0.0.1:<relayPort>/v2?address=<host>:<port>
 * and speaks the raw PostgreSQL wire protocol in binary frames. We open a TCP
 * socket to <host>:<port> (loopback only) and pipe bytes both ways.
 */

import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createConnection, type Socket } from 'node:net';
import type { WebSocket, WebSocketServer as WebSocketServerType } from 'ws';

// Load `ws` with Node's own resolver: under @cloudflare/vitest-plugin, vitest's globalSetup is
// transformed with the worker resolve conditions ("browser" wins), and a plain `import 'ws'`
// then yields ws/browser.js, whose WebSocketServer is not a constructor.
const { WebSocketServer } = createRequire(import.meta.url)('ws') as { WebSocketServer: typeof WebSocketServerType };

export type WsRelay = { port: number; url: string; close(): Promise<void> };

const ALLOWED_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function parseTarget(reqUrl: string | undefined): { host: string; port: number } | undefined {
  if (!reqUrl) return undefined;
  const u = new URL(reqUrl, 'http://relay.invalid');
  const address = u.searchParams.get('address');
  if (!address) return undefined;
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(address);
  if (!m) return undefined;
  const host = m[1]!.toLowerCase();
  const port = Number(m[2]);
  if (!ALLOWED_HOSTS.has(host) || port < 1 || port > 65535) return undefined;
  return { host: host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, ''), port };
}

export async function startWsRelay(): Promise<WsRelay> {
  const sockets = new Set<Socket>();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });

  wss.on('connection', (ws: WebSocket, req) => {
    const target = parseTarget(req.url);
    if (!target) {
      ws.close(1008, 'relay: only ?address=127.0.0.1:<port> or localhost:<port> is allowed');
      return;
    }
    const tcp = createConnection({ host: target.host, port: target.port });
    sockets.add(tcp);
    tcp.setNoDelay(true);

    // Frames can arrive before the TCP connect completes: net.Socket buffers writes.
    ws.on('message', (data) => {
      if (tcp.destroyed) return;
      if (Array.isArray(data)) for (const chunk of data) tcp.write(chunk);
      else if (data instanceof ArrayBuffer) tcp.write(Buffer.from(data));
      else tcp.write(data);
    });
    tcp.on('data', (chunk) => {
      if (ws.readyState === ws.OPEN) ws.send(chunk, { binary: true });
    });

    // PostgreSQL closes TCP after the client's Terminate; we then close the WebSocket (1000).
    // Note: workerd fires an 'error' ("Network connection lost") right after this clean close,
    // and the Neon socket forwards it: give every Pool an 'error' listener, or it is uncaught.
    const closeWs = () => {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000);
    };
    tcp.on('close', () => {
      sockets.delete(tcp);
      closeWs();
    });
    tcp.on('error', () => {
      // 'close' follows and closes the WebSocket.
    });
    ws.on('close', () => tcp.end());
    ws.on('error', () => tcp.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const port = (wss.address() as AddressInfo).port;

  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

// Real WebSocket servers for the WebSocket tests: an upstream on 127.0.0.1 port 0 that echoes messages
// prefixed with its name, and a client that collects what it receives.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { NewUpgradeHandler } from '../../proxy/forward/handlers.ts';
import { startProxy, type TestProxy } from './proxy.ts';
import { startUpstream, type TestUpstream } from './upstream.ts';

export interface WsUpstream extends TestUpstream {
  wss: WebSocketServer;
  /** The handshake requests that reached this upstream. */
  handshakes: IncomingMessage[];
}

/** Echoes each message back as `<name>:<message>`, keeping binary frames binary. */
function echoPrefixed(name: string, ws: WebSocket): void {
  ws.on('message', (data, isBinary) => {
    const payload = Buffer.concat([Buffer.from(`${name}:`), Buffer.from(data as Buffer)]);
    ws.send(isBinary ? payload : payload.toString(), { binary: isBinary });
  });
}

export async function startWsUpstream(name: string): Promise<WsUpstream> {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => [...protocols].at(-1) ?? false });
  const handshakes: IncomingMessage[] = [];
  const upstream = await startUpstream((_req, res) => res.end(name));
  // A handshake cookie, as a session-issuing upstream would set one.
  wss.on('headers', (headers) => headers.push(`set-cookie: ws-session=${name}; HttpOnly`));
  upstream.server.on('upgrade', (req, socket, head) => {
    handshakes.push(req);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  wss.on('connection', (ws) => echoPrefixed(name, ws));
  return Object.assign(upstream, { wss, handshakes });
}

/** An in-process upgrade handler with the same echo behaviour, for `new: { handler }` routes. */
/** For one describe block: a proxy with only a legacy WebSocket upstream, started before its tests, closed after. */
export function wsLegacyProxyForFile(): { legacy: WsUpstream; proxy: TestProxy } {
  const running = {} as { legacy: WsUpstream; proxy: TestProxy };
  beforeAll(async () => {
    running.legacy = await startWsUpstream('legacy');
    running.proxy = await startProxy({ config: { backends: { legacy: { url: running.legacy.url } } } });
  });
  afterAll(async () => {
    await running.proxy?.close();
    await running.legacy?.close();
  });
  return running;
}

export function echoUpgradeHandler(name: string): NewUpgradeHandler & { wss: WebSocketServer } {
  const wss = new WebSocketServer({ noServer: true });
  const handler = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      echoPrefixed(name, ws);
      wss.emit('connection', ws, req);
    });
  return Object.assign(handler, { wss });
}

export function wsUrl(httpUrl: string, path: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}${path}`;
}

/** `received`: every text frame from the start, also one that arrives with the 101 (before `open` resolves). */
export function openClient(
  url: string,
  options: { protocols?: string[]; headers?: Record<string, string> } = {},
): Promise<WebSocket & { handshakeHeaders: IncomingMessage['headers']; received: string[] }> {
  const ws = new WebSocket(url, options.protocols ?? [], { headers: options.headers });
  let handshakeHeaders: IncomingMessage['headers'] = {};
  const received: string[] = [];
  ws.on('message', (data) => received.push(String(data)));
  ws.once('upgrade', (response) => (handshakeHeaders = response.headers));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(Object.assign(ws, { handshakeHeaders, received })));
    ws.once('error', reject);
  });
}

export function nextMessage(ws: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => ws.once('message', (data, isBinary) => resolve({ data: data as Buffer, isBinary })));
}

export function closeEvent(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** Resolves with the status of a refused handshake. */
export function refusedStatus(url: string): Promise<{ status: number; body: string }> {
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('handshake was accepted')));
    ws.once('error', () => {});
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
  });
}

// Entry point of a real proxy in its own process whose in-process handlers throw late (from a timer, a
// request listener, an unawaited promise) — the process-level listeners are the production ones
// (guardProcessErrors), and an error that escaped them would end this process, not the test runner.
// The failing routes take POST: a GET that fails on new would be answered by legacy instead (fallbackToLegacy).
// Started by the test: logs JSON lines to stdout, reports its URLs over IPC, and on the message
// 'throw-outside' / 'reject-outside' fails outside any handler scope (the process must then exit 1).
import express from 'express';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Registry } from 'prom-client';
import { WebSocketServer } from 'ws';
import { guardProcessErrors } from '../../proxy/cluster/processErrors.ts';
import { HandlerHost } from '../../proxy/forward/handlerHost.ts';
import { handlerRegistry, type NewHandler } from '../../proxy/forward/handlers.ts';
import { createLogger } from '../../proxy/start.ts';
import { startProxy } from './proxy.ts';

const logger = createLogger('info');
const errors = guardProcessErrors(logger);

const lateThrow = (message: string) =>
  setTimeout(() => {
    throw new Error(message);
  }, 10);

const app = express();
app.get('/ok', (_req, res) => void res.json({ ok: true }));
app.get('/answers-then-throws', (_req, res) => {
  res.json({ answered: true });
  lateThrow('late throw after answering');
});
app.post('/throws-before-answering', () => {
  lateThrow('late throw before answering');
});
app.post('/unawaited-rejection', () => {
  void Promise.reject(new Error('a rejection nobody awaits'));
});
app.post('/throws-after-parsing-the-body', express.json(), () => {
  lateThrow('late throw after the body was parsed');
});
/** A raw request listener: its 'end' is emitted from the connection's context, not the handler call's. */
const fromRequestListener: NewHandler = (req) => {
  req.on('end', () => lateThrow('late throw from a timer set in a request listener'));
  req.resume();
};

function upgradeThrowingLate() {
  const wss = new WebSocketServer({ noServer: true });
  return (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data) => {
        if (data.toString() === 'boom') lateThrow('late throw from a WebSocket message callback');
        else ws.send(`echo:${data.toString()}`);
      });
    });
}

const handlers = handlerRegistry(
  { app: app as unknown as NewHandler, fromRequestListener },
  { ws: upgradeThrowingLate() },
);
const proxy = await startProxy({
  handlers,
  config: {
    backends: { legacy: { url: 'http://127.0.0.1:9' } },
    routes: [
      {
        id: 'listener',
        match: { path: '/from-request-listener' },
        new: { handler: 'fromRequestListener' },
        weight: 100,
      },
      { id: 'ws', match: { path: '/ws' }, new: { handler: 'ws' }, weight: 100 },
      { id: 'app', match: { path: '/*' }, new: { handler: 'app' }, weight: 100 },
    ],
  },
  start: { logger, registry: new Registry() },
});
errors.countIn(proxy.recorder);
// The handler host (how cluster workers and shadow copies reach in-process handlers) runs them too.
const host = new HandlerHost(handlers);
const hostAddress = await host.address();

process.on('message', (message) => {
  if (message === 'throw-outside')
    setTimeout(() => {
      throw new Error('a throw outside any handler');
    }, 1);
  if (message === 'reject-outside') void Promise.reject(new Error('a rejection outside any handler'));
});
process.send!({ url: proxy.url, adminUrl: proxy.adminUrl, host: hostAddress });

// The admin listener's probes: /healthz (the process runs) and /readyz (it takes traffic; 503 while
// starting or draining). Plain node:http, no express, so they are answered before — and without — loading
// the admin app (lazyAdminApp.ts). Any Host: load balancers and kubelets probe by IP.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ProbeDeps {
  isReady: () => boolean;
  configHash: () => string;
}

/** Answers a GET or HEAD of /healthz or /readyz and returns true; any other request: false, untouched. */
export function answerProbe(req: IncomingMessage, res: ServerResponse, deps: ProbeDeps): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.url ?? '/').split('?', 1)[0];
  if (path === '/healthz') return sendJson(req, res, 200, { status: 'ok' });
  if (path !== '/readyz') return false;
  const ready = deps.isReady();
  return sendJson(req, res, ready ? 200 : 503, {
    status: ready ? 'ready' : 'not ready',
    configHash: deps.configHash(),
  });
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: object): true {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(req.method === 'HEAD' ? undefined : text);
  return true;
}

// Keeps a sane client-sent X-Request-Id (so traces join up) and otherwise mints one; echoes it back.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Pass } from '../context.ts';

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id, set on its headers so upstreams see the same one (plain requests and upgrades alike). */
export function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  const id = typeof sent === 'string' && VALID_REQUEST_ID.test(sent) ? sent : randomUUID();
  req.headers['x-request-id'] = id;
  return id;
}

export const assignRequestId: Pass = (req, res, ctx) => {
  ctx.requestId = requestIdOf(req);
  res.setHeader('x-request-id', ctx.requestId);
};

// Keeps a sane client-sent X-Request-Id (so traces join up) and otherwise mints one; echoes it back.
import { randomUUID } from 'node:crypto';
import type { Pass } from '../context.ts';

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const assignRequestId: Pass = (req, res, ctx) => {
  const sent = req.headers['x-request-id'];
  ctx.requestId = typeof sent === 'string' && VALID_REQUEST_ID.test(sent) ? sent : randomUUID();
  req.headers['x-request-id'] = ctx.requestId;
  res.setHeader('x-request-id', ctx.requestId);
};

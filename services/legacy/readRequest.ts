// Reads a request the way the legacy app's framework did: query string, and a JSON body only when the
// Content-Type says JSON (objects and arrays only). Failures carry body-parser's `type` tags.
import type { IncomingMessage } from 'node:http';
import { parse as parseQuery, type ParsedUrlQuery } from 'node:querystring';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface LegacyRequest {
  method: string;
  path: string;
  query: ParsedUrlQuery;
  headers: IncomingMessage['headers'];
  body: unknown;
}

class BodyError extends Error {
  constructor(
    readonly type: 'entity.parse.failed' | 'entity.too.large',
    message: string,
  ) {
    super(message);
  }
}

export async function readRequest(req: IncomingMessage): Promise<LegacyRequest> {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const raw = await readBody(req);
  return {
    method: req.method ?? 'GET',
    path: queryStart === -1 ? url : url.slice(0, queryStart),
    query: parseQuery(queryStart === -1 ? '' : url.slice(queryStart + 1)),
    headers: req.headers,
    body: isJson(req) ? parseJsonBody(raw) : undefined,
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyError('entity.too.large', 'request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isJson(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

function parseJsonBody(raw: string): unknown {
  if (raw.length === 0) return {};
  if (!/^[\s]*[{[]/.test(raw)) throw new BodyError('entity.parse.failed', 'JSON body must be an object or array');
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new BodyError('entity.parse.failed', (error as Error).message);
  }
}

// Chooses legacy or new for one request: override header (when enabled), else the sticky bucket.
import type { IncomingMessage } from 'node:http';
import { parseCookie } from 'cookie';
import type { BackendKind } from '../config/types.ts';
import { BUCKET_COUNT, bucketOf, isNewBucket } from './bucket.ts';
import { clientAddress } from './clientAddress.ts';
import type { RouteEntry, Snapshot } from './routeTable.ts';

export interface BackendChoice {
  backend: BackendKind;
  /** 0..9999, or null when the override header decided. */
  bucket: number | null;
  reason: 'override' | 'sticky' | 'random';
}

export function pickBackend(route: RouteEntry, req: IncomingMessage, snapshot: Snapshot): BackendChoice {
  const override = snapshot.config.overrideHeader;
  if (override.enabled) {
    const forced = req.headers[override.name.toLowerCase()];
    if (forced === 'legacy' || forced === 'new') return { backend: forced, bucket: null, reason: 'override' };
  }
  const key = stickyKeyOf(route.stickyKeys, req, snapshot.config.trustProxy);
  const bucket = key === undefined ? Math.floor(Math.random() * BUCKET_COUNT) : bucketOf(route.salt, key);
  return {
    backend: isNewBucket(bucket, route.weight) ? 'new' : 'legacy',
    bucket,
    reason: key === undefined ? 'random' : 'sticky',
  };
}

/** The first present source wins; the source name is part of the key so `ip` and a header never collide. */
export function stickyKeyOf(
  sources: readonly string[],
  req: IncomingMessage,
  trustProxy: readonly string[],
): string | undefined {
  for (const source of sources) {
    const value = stickyValue(source, req, trustProxy);
    if (value !== undefined && value !== '') return `${source}=${value}`;
  }
  return undefined;
}

function stickyValue(source: string, req: IncomingMessage, trustProxy: readonly string[]): string | undefined {
  if (source === 'ip') return clientAddress(req, trustProxy);
  const colon = source.indexOf(':');
  const kind = source.slice(0, colon);
  const name = source.slice(colon + 1);
  if (kind === 'header') {
    const value = req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }
  if (kind === 'cookie') return req.headers.cookie ? parseCookie(req.headers.cookie)[name] : undefined;
  if (kind === 'query') {
    const query = req.url?.split('?')[1];
    return query === undefined ? undefined : (new URLSearchParams(query).get(name) ?? undefined);
  }
  return undefined;
}

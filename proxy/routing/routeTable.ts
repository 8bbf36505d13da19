// The immutable routing snapshot built from one validated config. A reload builds a new one and swaps
// the reference whole; a request keeps the snapshot it started with.
import { createHash } from 'node:crypto';
import { DEFAULT_ADMISSION, type Config, type RouteConfig } from '../config/types.ts';
import { compileMatcher, type CompiledMatcher } from './matchRoute.ts';

export const UNMATCHED_ROUTE_ID = 'unmatched';

export interface Upstream {
  url: URL;
  timeoutMs: number;
  /** Concurrency limit and queue (proxy/forward/admission.ts); absent ⇒ unlimited (the internal handler host). */
  admission?: AdmissionTarget;
}

export interface AdmissionLimits {
  maxConcurrent: number;
  maxQueue: number;
  queueTimeoutMs: number;
}

/** One admission pool: `key` is where its limits are configured (`legacy`, `upstreams.<name>`, `routes.<id>.new`). */
export interface AdmissionTarget {
  key: string;
  limits: AdmissionLimits;
}

export type NewTarget = { kind: 'handler'; name: string } | { kind: 'upstream'; upstream: Upstream };

export interface RouteEntry {
  id: string;
  config: RouteConfig;
  matcher: CompiledMatcher;
  salt: string;
  weight: number;
  stickyKeys: readonly string[];
  newTarget: NewTarget;
  legacy: Upstream;
}

export interface Snapshot {
  config: Config;
  /** Short content hash of the normalized config: equal on every replica that runs the same routes. */
  hash: string;
  routes: readonly RouteEntry[];
  byId: ReadonlyMap<string, RouteEntry>;
  legacy: Upstream;
  createdAt: number;
}

export function buildSnapshot(config: Config): Snapshot {
  const legacyConfig = config.backends.legacy;
  const legacy = {
    url: new URL(legacyConfig.url),
    timeoutMs: legacyConfig.timeoutMs,
    admission: admissionOf('legacy', legacyConfig),
  };
  const routes = config.routes.map((route): RouteEntry => {
    const routeLegacy = route.timeoutMs ? { ...legacy, timeoutMs: route.timeoutMs } : legacy;
    return Object.freeze({
      id: route.id,
      config: route,
      matcher: compileMatcher(route.match),
      salt: route.salt ?? route.id,
      weight: route.weight,
      stickyKeys: Object.freeze([...(route.sticky ?? config.sticky).key]),
      newTarget: newTargetOf(route, config),
      legacy: routeLegacy,
    });
  });
  return Object.freeze({
    config: deepFreeze(structuredClone(config)),
    hash: configHash(config),
    routes: Object.freeze(routes),
    byId: new Map(routes.map((r) => [r.id, r])),
    legacy,
    createdAt: Date.now(),
  });
}

export function configHash(config: Config): string {
  return createHash('sha256').update(stableStringify(config)).digest('hex').slice(0, 16);
}

function newTargetOf(route: RouteConfig, config: Config): NewTarget {
  const target = route.new;
  if ('handler' in target) return { kind: 'handler', name: target.handler };
  const upstream = 'upstream' in target ? config.backends.upstreams[target.upstream]! : target;
  const key = 'upstream' in target ? `upstreams.${target.upstream}` : `routes.${route.id}.new`;
  return {
    kind: 'upstream',
    upstream: {
      url: new URL(upstream.url),
      timeoutMs: route.timeoutMs ?? upstream.timeoutMs ?? config.backends.legacy.timeoutMs,
      admission: admissionOf(key, upstream),
    },
  };
}

type AdmissionFields = {
  maxConcurrent?: number | undefined;
  maxQueue?: number | undefined;
  queueTimeoutMs?: number | undefined;
};

function admissionOf(key: string, fields: AdmissionFields): AdmissionTarget {
  const limits = {
    maxConcurrent: fields.maxConcurrent ?? DEFAULT_ADMISSION.maxConcurrent,
    maxQueue: fields.maxQueue ?? DEFAULT_ADMISSION.maxQueue,
    queueTimeoutMs: fields.queueTimeoutMs ?? DEFAULT_ADMISSION.queueTimeoutMs,
  };
  return Object.freeze({ key, limits: Object.freeze(limits) });
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

// Keeps web pages from driving the admin API through the user's browser (the API is open without tokens
// on loopback). A page can make the browser send requests to 127.0.0.1:9090 in two ways, refused here:
// - DNS rebinding: the page's own name resolves to 127.0.0.1, so the Host header is that name. Only the
//   listener's own address, loopback names and `admin.allowedHosts` are accepted as Host.
// - Cross-site requests: a form or no-cors fetch carries a foreign Origin (or `null`) and a non-JSON body.
//   State-changing requests must come from the listener's own origin (or no browser at all: no Origin)
//   and carry JSON if they carry a body; a browser cannot send JSON cross-site without a CORS preflight.
import { isIP } from 'node:net';
import type { Request, RequestHandler } from 'express';
import { sendAdminError } from './adminErrors.ts';
import { isLoopbackHost } from './bindSafety.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UNSPECIFIED = new Set(['', '0.0.0.0', '::', '[::]']);

export function refuseForeignRequests(listenerHost: string, allowedHosts: readonly string[]): RequestHandler {
  // A wildcard bind address is no name a browser should use (0.0.0.0 reaches loopback on Linux).
  const named = [listenerHost, ...allowedHosts].filter((host) => !UNSPECIFIED.has(host));
  const allowed = new Set(named.map((host) => hostName(host)));
  return (req, res, next) => {
    const host = req.headers.host ?? '';
    const name = hostName(host);
    if (!isOwnName(name, req, allowed)) {
      return sendAdminError(
        res,
        403,
        'FOREIGN_HOST',
        `the admin listener does not answer to Host "${host}" — ` +
          'use its own address (e.g. 127.0.0.1) or add the name to admin.allowedHosts in routes.yaml',
      );
    }
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    if (origin !== undefined && !isSameOrigin(origin, host)) {
      return sendAdminError(
        res,
        403,
        'FOREIGN_ORIGIN',
        `state-changing admin requests from the web page at "${origin}" are refused — ` +
          'call the admin API from the CLI, curl or the dashboard served by this listener',
      );
    }
    if (hasBody(req) && !req.is('application/json')) {
      return sendAdminError(
        res,
        403,
        'NOT_JSON',
        `state-changing admin requests must send "content-type: application/json", not ` +
          `"${req.headers['content-type'] ?? 'none'}"`,
      );
    }
    next();
  };
}

/** The host part of a Host header: `[::1]:9090` → `::1`, `Example.COM.:80` → `example.com`. */
function hostName(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d*)?$/.exec(host);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return host.replace(/:\d*$/, '').replace(/\.$/, '').toLowerCase();
}

function isOwnName(name: string, req: Request, allowed: ReadonlySet<string>): boolean {
  if (name === '') return false;
  if (isLoopbackHost(name) || allowed.has(name)) return true;
  // Any address the listener was reached on (a pod IP, a VM's private address) is its own.
  const local = (req.socket.localAddress ?? '').replace(/^::ffff:/, '');
  return isIP(name) !== 0 && name === local;
}

function isSameOrigin(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === new URL(`http://${host}`).host;
  } catch {
    return false; // `null` (sandboxed frames, file://) and garbage
  }
}

function hasBody(req: Request): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0 ||
    req.headers['content-type'] !== undefined
  );
}

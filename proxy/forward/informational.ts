// Relays an upstream 1xx to the client: 100 Continue (so Expect: 100-continue works end to end) and
// 103 Early Hints. Other 1xx codes (102 Processing) have no meaning past this hop and are dropped.
// Throws InvalidUpstreamHead (responseCheck.ts) on a 1xx that must not be relayed; the caller answers 502.
import type { ServerResponse } from 'node:http';
import { informational, type HeaderMap } from './responseCheck.ts';

export function relayInformational(status: number, headers: HeaderMap, res: ServerResponse, relayContinue: boolean) {
  const what = informational(status, headers);
  if (res.headersSent || res.destroyed) return;
  if (what.kind === 'continue' && relayContinue) res.writeContinue();
  else if (what.kind === 'early-hints') res.writeEarlyHints(what.headers);
}

// Relays an upstream 1xx to the client: 100 Continue (so Expect: 100-continue works end to end) and
// 103 Early Hints. Other 1xx codes (102 Processing) have no meaning past this hop and are dropped.
import type { InformationEvent, ServerResponse } from 'node:http';

export function relayInformational(info: InformationEvent, res: ServerResponse): void {
  if (res.headersSent || res.destroyed) return;
  if (info.statusCode === 100) {
    res.writeContinue();
    return;
  }
  const link = info.headers.link;
  // Node can only write Early Hints that carry a Link header, which is what 103 is for.
  if (info.statusCode === 103 && link !== undefined) res.writeEarlyHints({ ...info.headers, link });
}

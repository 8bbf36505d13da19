// The worker's side of the handler host: a HandlerRegistry whose handlers forward to the primary's
// hosted handlers over loopback HTTP (and WebSockets over a relay), so the pipeline runs them exactly as
// it runs in-process ones: same timeouts, same error table, same metrics.
import type { HandlerRegistry, NewHandler, NewUpgradeHandler } from '../forward/handlers.ts';
import type { Forwarder } from '../forward/forwardTypes.ts';
import { relayWebSocket } from '../forward/websocket.ts';
import {
  HANDLER_HOST_TIMEOUT_MS,
  HOSTED_HANDLER_HEADER,
  HOSTED_SECRET_HEADER,
  type HandlerHostAddress,
} from '../forward/handlerHost.ts';

export function hostedHandlerRegistry(host: HandlerHostAddress, forwarder: Forwarder): HandlerRegistry {
  const upstream = { url: new URL(host.url), timeoutMs: HANDLER_HOST_TIMEOUT_MS };
  const names = new Set(host.names);
  const handler =
    (name: string): NewHandler =>
    (req, res, done) => {
      req.headers[HOSTED_HANDLER_HEADER] = name;
      req.headers[HOSTED_SECRET_HEADER] = host.secret;
      forwarder.forward(req, res, upstream, (error) => {
        if (error) done(error);
      });
    };
  const upgradeHandler =
    (name: string): NewUpgradeHandler =>
    (req, socket, head) => {
      req.headers[HOSTED_HANDLER_HEADER] = name;
      req.headers[HOSTED_SECRET_HEADER] = host.secret;
      // Counting, drain and reporting a throw are done by the worker's upgrade listener around this handler.
      relayWebSocket(
        req,
        socket,
        head,
        upstream,
        {},
        { opened: () => {}, closed: () => {}, failed: () => {}, threw: () => {} },
      );
    };
  return {
    names,
    handler: (name) => (names.has(name) ? handler(name) : undefined),
    upgradeHandler: (name) => (names.has(name) ? upgradeHandler(name) : undefined),
  };
}

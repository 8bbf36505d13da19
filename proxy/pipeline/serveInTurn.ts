// One client connection has at most one request in flight to a backend (issue 12 item 6, as nginx does).
// Node's server emits 'request' for pipelined requests while earlier ones are still being answered, so
// without this gate 600 pipelined requests on one connection open hundreds of parallel legacy connections.
// Node already writes the answers in request order; this only holds back the forwarding of the next one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface Waiting {
  req: IncomingMessage;
  res: ServerResponse;
  run: () => void;
}

interface ConnectionTurns {
  busy: boolean;
  waiting: Waiting[];
}

const turnsBySocket = new WeakMap<Socket, ConnectionTurns>();

/**
 * Runs `run` now when no request of this connection is in flight, otherwise when the earlier ones are done
 * (their response closed), first come first served. A waiting request whose client goes away is dropped.
 */
export function serveInTurn(req: IncomingMessage, res: ServerResponse, run: () => void): void {
  const socket = req.socket;
  let turns = turnsBySocket.get(socket);
  if (!turns) {
    turns = { busy: false, waiting: [] };
    turnsBySocket.set(socket, turns);
  }
  if (!turns.busy) {
    start(turns, res, run);
    return;
  }
  const entry: Waiting = { req, res, run };
  turns.waiting.push(entry);
  // While it waits nobody reads the request, so its 'close' means the client went away.
  req.once('close', () => {
    const index = turns.waiting.indexOf(entry);
    if (index === -1) return;
    turns.waiting.splice(index, 1);
    drop(entry);
  });
}

function start(turns: ConnectionTurns, res: ServerResponse, run: () => void): void {
  turns.busy = true;
  res.once('close', () => next(turns));
  run();
}

function next(turns: ConnectionTurns): void {
  turns.busy = false;
  for (let entry = turns.waiting.shift(); entry; entry = turns.waiting.shift()) {
    if (entry.req.destroyed || entry.req.socket.destroyed) {
      drop(entry);
      continue;
    }
    start(turns, entry.res, entry.run);
    return;
  }
}

/**
 * Node never gives a pipelined response its socket once the connection is gone, so it would never emit
 * 'close'; emitting it here lets the request's close listeners (metrics: a 499) run exactly once.
 */
function drop(entry: Waiting): void {
  entry.res.emit('close');
}

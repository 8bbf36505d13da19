// WS /ws/portfolio — pushes portfolio events (price ticks, position P&L, order fills, analysis progress/completion).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { UNAUTHORIZED } from '../contract/errorBodies.ts';
import type { Domain } from '../domain/domain.ts';
import type { PortfolioEvent } from '../domain/events.ts';

const PUSHED_EVENTS = ['price', 'position_pnl', 'order_fill', 'analysis_progress', 'analysis_done'] as const;

export interface PortfolioWs {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

export function portfolioWs(domain: Domain): PortfolioWs {
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (client: WebSocket) => {
    const connected: PortfolioEvent = {
      type: 'connected',
      message: 'connected to /ws/portfolio: price, position_pnl, order_fill and analysis events follow as they happen',
      events: [...PUSHED_EVENTS],
    };
    client.send(JSON.stringify(connected));
    const unsubscribe = domain.events.subscribe((event) => {
      if (client.readyState === client.OPEN) client.send(JSON.stringify(event));
    });
    client.on('close', unsubscribe);
    client.on('error', unsubscribe);
  });
  return {
    upgrade(req, socket, head) {
      const key = req.headers['x-api-key'];
      domain.config.isAuthorized(Array.isArray(key) ? key[0] : key).then(
        (authorized) => {
          if (authorized) wss.handleUpgrade(req, socket, head, (client) => wss.emit('connection', client, req));
          else rejectUpgrade(socket, UNAUTHORIZED.status, JSON.stringify(UNAUTHORIZED.body));
        },
        () => rejectUpgrade(socket, 500, '{"error":"internal_error","message":"Internal server error"}'),
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

function rejectUpgrade(socket: Duplex, status: number, body: string): void {
  const reason = status === 401 ? 'Unauthorized' : 'Internal Server Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

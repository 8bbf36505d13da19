// Portfolio events: what the WebSocket /ws/portfolio pushes. The zod schemas are the documented message format.
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { inSandbox } from './sandbox.ts';

export const PriceTickMessage = z
  .object({
    type: z.literal('price'),
    symbol: z.string(),
    price: z.number(),
    at: z.string().describe('ISO timestamp'),
  })
  .meta({ id: 'WsPriceTick' });

export const PositionPnlMessage = z
  .object({
    type: z.literal('position_pnl'),
    symbol: z.string(),
    quantity: z.number(),
    entry_price: z.number(),
    mark_price: z.number(),
    unrealized_pnl: z.number(),
    at: z.string(),
  })
  .meta({ id: 'WsPositionPnl' });

export const OrderFillMessage = z
  .object({
    type: z.literal('order_fill'),
    order_id: z.number().int(),
    symbol: z.string(),
    side: z.enum(['buy', 'sell']),
    quantity: z.number(),
    price: z.number(),
    at: z.string(),
  })
  .meta({ id: 'WsOrderFill' });

export const AnalysisProgressMessage = z
  .object({
    type: z.literal('analysis_progress'),
    task_id: z.string(),
    completed: z
      .number()
      .int()
      .describe('Price series fetched so far (0 with stage "started" when the analysis begins)'),
    total: z.number().int(),
    stage: z.string(),
  })
  .meta({ id: 'WsAnalysisProgress' });

export const AnalysisDoneMessage = z
  .object({
    type: z.literal('analysis_done'),
    task_id: z.string(),
    status: z.enum(['complete', 'failed']),
    error: z.string().optional(),
  })
  .meta({ id: 'WsAnalysisDone' });

/** The first frame after the upgrade, so a client (or a new user with wscat) sees at once that it works. */
export const ConnectedMessage = z
  .object({
    type: z.literal('connected'),
    message: z.string(),
    events: z.array(z.string()).describe('The event types that will follow.'),
  })
  .meta({ id: 'WsConnected' });

export const PortfolioEventSchema = z
  .discriminatedUnion('type', [
    ConnectedMessage,
    PriceTickMessage,
    PositionPnlMessage,
    OrderFillMessage,
    AnalysisProgressMessage,
    AnalysisDoneMessage,
  ])
  .meta({ id: 'PortfolioWsMessage', description: 'One JSON text frame pushed on /ws/portfolio.' });

export type PortfolioEvent = z.infer<typeof PortfolioEventSchema>;

/** In-process fan-out of portfolio events to WebSocket clients. */
export class PortfolioEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: PortfolioEvent): void {
    if (inSandbox()) return; // a sandboxed shadow request must not reach clients (sandbox.ts)
    this.emitter.emit('event', event);
    this.emitter.emit('published', event);
  }

  /** An event another process published on the same store (eventRelay.ts): to local clients, not sent on again. */
  receive(event: PortfolioEvent): void {
    this.emitter.emit('event', event);
  }

  /** Events published in this process only, for the relay to other processes. */
  onPublished(listener: (event: PortfolioEvent) => void): () => void {
    this.emitter.on('published', listener);
    return () => this.emitter.off('published', listener);
  }

  subscribe(listener: (event: PortfolioEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

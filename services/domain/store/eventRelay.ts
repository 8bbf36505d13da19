// Several processes on one Postgres (every --workers worker, every replica) each have their own
// /ws/portfolio clients. Fills and analysis progress happen in the process that handled the request (or
// whose market clock filled the order), so those events are sent to the others with NOTIFY and received
// with LISTEN on a dedicated connection. Price ticks stay local: each process runs its own market clock.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import pg from 'pg';
import type { PortfolioEvent, PortfolioEvents } from '../events.ts';
import type { Store } from './store.ts';

const CHANNEL = 'strangler_portfolio_events';
const RELAYED: ReadonlySet<PortfolioEvent['type']> = new Set(['order_fill', 'analysis_progress', 'analysis_done']);
/** NOTIFY payloads are limited to 8000 bytes. */
const MAX_PAYLOAD = 7_900;
const RECONNECT_MS = 1_000;

interface Envelope {
  origin: string;
  event: PortfolioEvent;
}

export async function relayPortfolioEvents(
  databaseUrl: string,
  store: Store,
  events: PortfolioEvents,
  logger: Logger,
): Promise<{ close(): Promise<void> }> {
  const origin = randomUUID();
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const reconnect = () => {
    if (!closed) retry = setTimeout(() => void listen().catch(reconnect), RECONNECT_MS);
  };
  const listen = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', (message) => {
      try {
        const envelope = JSON.parse(message.payload ?? '{}') as Partial<Envelope>;
        if (envelope.origin !== origin && envelope.event) events.receive(envelope.event);
      } catch {
        logger.warn({ channel: CHANNEL }, 'ignored a portfolio event that is not JSON');
      }
    });
    let lost = false;
    // `on`, not `once`: a closing connection can report a second error, and an unheard one would be uncaught.
    next.on('error', (error) => {
      if (lost) return;
      lost = true;
      // Events published meanwhile are not replayed: a client misses them, as after its own reconnect.
      logger.warn({ err: error.message }, 'portfolio event relay lost its LISTEN connection; reconnecting');
      void next.end().catch(() => undefined);
      reconnect();
    });
    await next.connect();
    await next.query(`listen ${CHANNEL}`);
    client = next;
  };
  await listen();
  const unsubscribe = events.onPublished((event) => {
    if (!RELAYED.has(event.type)) return;
    const payload = JSON.stringify({ origin, event } satisfies Envelope);
    if (payload.length > MAX_PAYLOAD)
      return void logger.warn({ type: event.type }, 'portfolio event too large to relay');
    store
      .query('select pg_notify($1, $2)', [CHANNEL, payload])
      .catch((error: Error) => logger.warn({ err: error.message }, 'portfolio event relay failed'));
  });
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      unsubscribe();
      await client?.end().catch(() => undefined);
    },
  };
}

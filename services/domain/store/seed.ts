// First-run data: the default bot configuration and the starting cash balance. Idempotent.
import { DEFAULT_BOT_CONFIG } from '../config/botConfig.ts';
import type { Store } from './store.ts';

export const QUOTE_CURRENCY = 'USD';
export const STARTING_CASH = 100_000;

export async function seedDefaults(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.query('insert into bot_config (id, doc) values (1, $1) on conflict (id) do nothing', [
      JSON.stringify(DEFAULT_BOT_CONFIG),
    ]);
    await tx.query('insert into balances (asset, free, locked) values ($1, $2, 0) on conflict (asset) do nothing', [
      QUOTE_CURRENCY,
      STARTING_CASH,
    ]);
  });
}

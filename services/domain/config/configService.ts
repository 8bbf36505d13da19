// ConfigService: reads and updates the bot configuration in the shared store; checks API keys.
import { timingSafeEqual } from 'node:crypto';
import { RequestValidationError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { BotConfigSchema, DEFAULT_BOT_CONFIG, type BotConfig } from './botConfig.ts';

export type ConfigUpdate = Partial<Omit<BotConfig, 'risk' | 'strategy'>> & {
  risk?: Partial<BotConfig['risk']>;
  strategy?: Partial<BotConfig['strategy']>;
};

/** What GET /api/config shows: keys are masked, never echoed. */
export type PublicBotConfig = Omit<BotConfig, 'api_keys'> & { api_keys: string[] };

export class ConfigService {
  constructor(private readonly store: Store) {}

  async get(): Promise<BotConfig> {
    const [row] = await this.store.query<{ doc: BotConfig }>('select doc from bot_config where id = 1');
    return row?.doc ?? DEFAULT_BOT_CONFIG;
  }

  async getPublic(): Promise<PublicBotConfig> {
    return toPublic(await this.get());
  }

  /** Merges a partial update and validates the result as a whole (e.g. fast_period < slow_period). */
  async update(update: ConfigUpdate): Promise<PublicBotConfig> {
    return this.store.transaction(async (tx) => {
      const [row] = await tx.query<{ doc: BotConfig }>('select doc from bot_config where id = 1 for update');
      const current = row?.doc ?? DEFAULT_BOT_CONFIG;
      const merged = {
        ...current,
        ...update,
        risk: { ...current.risk, ...update.risk },
        strategy: { ...current.strategy, ...update.strategy },
      };
      const parsed = BotConfigSchema.safeParse(merged);
      if (!parsed.success) {
        throw new RequestValidationError(
          parsed.error.issues.map((i) => ({
            location: 'body',
            field: i.path.join('.'),
            message: i.message,
            code: i.code,
          })),
        );
      }
      await tx.query(
        `insert into bot_config (id, doc, updated_at) values (1, $1, now())
         on conflict (id) do update set doc = excluded.doc, updated_at = now()`,
        [JSON.stringify(parsed.data)],
      );
      return toPublic(parsed.data);
    });
  }

  /** True when no keys are configured, or `presented` is one of them. */
  async isAuthorized(presented: string | undefined): Promise<boolean> {
    const { api_keys: keys } = await this.get();
    if (keys.length === 0) return true;
    if (!presented) return false;
    const given = Buffer.from(presented);
    return keys.some((key) => {
      const expected = Buffer.from(key);
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  }
}

function toPublic(config: BotConfig): PublicBotConfig {
  return { ...config, api_keys: config.api_keys.map((key) => `****${key.slice(-4)}`) };
}

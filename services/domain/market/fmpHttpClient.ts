// HTTP client for Financial Modeling Prep: per-attempt timeout, retries with backoff on 429/5xx/network errors,
// a cap on requests in flight, and errors that say what went wrong (never the API key).
import { setTimeout as sleep } from 'node:timers/promises';
import { MarketDataError } from '../errors.ts';
import { Semaphore } from '../concurrency/semaphore.ts';

export const DEFAULT_FMP_BASE_URL = 'https://financialmodelingprep.com';

export interface FmpClientOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
  /** First retry delay; doubles on each further attempt. */
  backoffMs?: number;
  maxConcurrent?: number;
}

class RetryableError extends MarketDataError {}

export class FmpHttpClient {
  private readonly slots: Semaphore;
  private readonly baseUrl: string;

  constructor(private readonly options: FmpClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_FMP_BASE_URL).replace(/\/+$/, '');
    this.slots = new Semaphore(options.maxConcurrent ?? 4);
  }

  /** GETs `path` with `query` and parses JSON, retrying transient failures. */
  async getJson(path: string, query: Record<string, string> = {}, signal?: AbortSignal): Promise<unknown> {
    const maxRetries = this.options.maxRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.slots.run(() => this.attempt(path, query, signal));
      } catch (error) {
        if (!(error instanceof RetryableError) || attempt >= maxRetries || signal?.aborted) {
          if (error instanceof RetryableError)
            throw new MarketDataError(`${error.message} (gave up after ${attempt + 1} attempts)`);
          throw error;
        }
        await sleep((this.options.backoffMs ?? 250) * 2 ** attempt, undefined, { signal });
      }
    }
  }

  private async attempt(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
    const timeoutMs = this.options.timeoutMs ?? 5000;
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries({ ...query, apikey: this.options.apiKey }))
      url.searchParams.set(key, value);
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      if (timeout.aborted) throw new RetryableError(`FMP request ${path} timed out after ${timeoutMs} ms`);
      throw new RetryableError(`FMP request ${path} failed: ${(error as Error).message}`);
    }
    if (response.status === 429 || response.status >= 500) {
      throw new RetryableError(`FMP request ${path} answered HTTP ${response.status}`);
    }
    if (!response.ok)
      throw new MarketDataError(`FMP request ${path} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new MarketDataError(
        `FMP request ${path} returned malformed JSON (${(error as Error).message}): ${text.slice(0, 80)}`,
      );
    }
  }
}

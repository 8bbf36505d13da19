// Domain errors: each maps to one HTTP answer in services/contract/errorResponse.ts, identical on both backends.

export interface FieldError {
  location: 'body' | 'query' | 'path';
  field: string;
  message: string;
  code: string;
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export class UnknownSymbolError extends NotFoundError {
  override name = 'UnknownSymbolError';
  constructor(readonly symbol: string) {
    super(`Unknown symbol ${symbol}`);
  }
}

/** Invalid input: carries every field error at once (422). */
export class RequestValidationError extends Error {
  override name = 'RequestValidationError';
  constructor(readonly details: FieldError[]) {
    super(`Request validation failed: ${details.map((d) => `${d.field || d.location}: ${d.message}`).join('; ')}`);
  }
}

/** A well-formed request the domain refuses (400), e.g. an order the risk manager rejects. */
export class RejectedError extends Error {
  override name = 'RejectedError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The resource exists but is in a state that forbids the operation (409). */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/** A sandboxed shadow request (`x-strangler-shadow: sandbox`) asked for work that cannot run without side effects (409). */
export class SandboxUnsupportedError extends Error {
  override name = 'SandboxUnsupportedError';
}

/**
 * The Postgres store cannot be reached or closed the connection (a restart, a failover, too many
 * connections): the request did not run, or its transaction was rolled back, so a retry is safe (503).
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** A market data provider failed (timeout, HTTP error, malformed payload) after its retries. */
export class MarketDataError extends Error {
  override name = 'MarketDataError';
}
